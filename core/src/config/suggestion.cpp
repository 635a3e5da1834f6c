#include "switchboard/config/suggestion.hpp"

#include <algorithm>

namespace switchboard::config {

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    size_t best_distance = 0;
    for (const std::string& candidate : candidates) {
        size_t distance = edit_distance(word, candidate);
        // A third of the longer word, at least one edit and at most three:
        // close enough to be a typo, far enough not to suggest nonsense.
        size_t allowed = std::clamp<size_t>(std::max(word.size(), candidate.size()) / 3, 1, 3);
        if (distance > allowed || distance >= candidate.size()) continue;
        if (!best || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    std::optional<std::string> match = closest_match(word, candidates);
    if (!match) return "";
    return "; did you mean '" + *match + "'?";
}

}  // namespace switchboard::config
