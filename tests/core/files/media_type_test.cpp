#include "switchboard/files/media_type.hpp"

#include <gtest/gtest.h>

#include "switchboard/files/type_allow_list.hpp"

namespace switchboard::files {
namespace {

TEST(MediaType, NormalisedWithoutParameters) {
    EXPECT_EQ(normalize_media_type("Image/PNG"), "image/png");
    EXPECT_EQ(normalize_media_type("text/plain; charset=utf-8"), "text/plain");
    EXPECT_EQ(normalize_media_type(" application/vnd.api+json "), "application/vnd.api+json");
    EXPECT_EQ(normalize_media_type(""), "application/octet-stream");
}

TEST(MediaType, RefusesWhatIsNotOne) {
    EXPECT_FALSE(normalize_media_type("png"));
    EXPECT_FALSE(normalize_media_type("image/"));
    EXPECT_FALSE(normalize_media_type("/png"));
    EXPECT_FALSE(normalize_media_type("image/png/x"));
    EXPECT_FALSE(normalize_media_type("image/p\"ng"));
    EXPECT_FALSE(normalize_media_type("ima ge/png"));
}

TEST(TypeAllowList, ExactAndWildcardSubtypes) {
    TypeAllowList list({"image/*", "application/pdf"});
    EXPECT_TRUE(list.allows("image/png"));
    EXPECT_TRUE(list.allows("image/svg+xml"));
    EXPECT_TRUE(list.allows("application/pdf"));
    EXPECT_FALSE(list.allows("application/pdfx"));
    EXPECT_FALSE(list.allows("imagex/png"));
    EXPECT_FALSE(list.allows("text/html"));
    EXPECT_EQ(list.text(), "image/*, application/pdf");
    EXPECT_TRUE(TypeAllowList({"*/*"}).allows("text/html"));
}

TEST(TypeAllowList, RefusesBadPatterns) {
    EXPECT_THROW(TypeAllowList({"image"}), std::invalid_argument);
    EXPECT_THROW(TypeAllowList({"*/png"}), std::invalid_argument);
    EXPECT_THROW(TypeAllowList({"image/p*"}), std::invalid_argument);
    EXPECT_THROW(TypeAllowList({"text/plain; charset=utf-8"}), std::invalid_argument);
    EXPECT_THROW(TypeAllowList({""}), std::invalid_argument);
}

}  // namespace
}  // namespace switchboard::files
