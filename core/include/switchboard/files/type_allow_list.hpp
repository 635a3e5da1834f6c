#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace switchboard::files {

// attachments.allowed_types: media types matched exactly ("application/pdf")
// or by type with a wildcard subtype ("image/*"); "*/*" allows everything.
class TypeAllowList {
public:
    // Throws std::invalid_argument naming a pattern that is not a media type or "type/*".
    explicit TypeAllowList(std::vector<std::string> patterns);

    // `media_type` normalised (normalize_media_type).
    bool allows(std::string_view media_type) const;
    // "image/*, application/pdf", for error messages.
    std::string text() const;

private:
    std::vector<std::string> patterns_;
};

}  // namespace switchboard::files
