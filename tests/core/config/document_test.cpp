#include "switchboard/config/document.hpp"

#include <gtest/gtest.h>

#include "switchboard/config/config_error.hpp"
#include "test_support.hpp"

namespace switchboard::config {
namespace {

Problem only_problem(const std::function<void()>& load) {
    try {
        load();
    } catch (const ConfigError& error) {
        EXPECT_EQ(error.problems().size(), 1u);
        return error.problems().front();
    }
    ADD_FAILURE() << "no ConfigError";
    return {};
}

TEST(Document, ParsesAndKeepsMarks) {
    Document document = Document::parse("server:\n  data_dir: /var/lib/sb\n", "inline.yaml");
    EXPECT_EQ(document.file(), "inline.yaml");
    YAML::Node value = document.root()["server"]["data_dir"];
    EXPECT_EQ(value.Scalar(), "/var/lib/sb");
    EXPECT_EQ(value.Mark().line, 1);
    EXPECT_EQ(value.Mark().column, 12);
}

TEST(Document, EmptyTextIsANullDocument) {
    EXPECT_TRUE(Document::parse("", "empty.yaml").root().IsNull());
    EXPECT_TRUE(Document::parse("# only a comment\n", "empty.yaml").root().IsNull());
}

TEST(Document, SyntaxErrorNamesFileLineAndParserMessage) {
    Problem problem = only_problem([] { Document::parse("server:\n  data_dir: [a, b\nauth: {}\n", "bad.yaml"); });
    EXPECT_EQ(problem.file, "bad.yaml");
    EXPECT_EQ(problem.line, 3);
    EXPECT_EQ(problem.message, "YAML syntax error: end of sequence flow not found");

    Problem tab = only_problem([] { Document::parse("a:\n\tb: 1\n", "tab.yaml"); });
    EXPECT_EQ(tab.to_string(), "tab.yaml:2:3: YAML syntax error: illegal map value");
}

TEST(Document, SecondDocumentIsRejected) {
    Problem problem = only_problem([] { Document::parse("a: 1\n---\nb: 2\n", "two.yaml"); });
    EXPECT_EQ(problem.line, 3);
    EXPECT_EQ(problem.message, "a second YAML document; the configuration is a single document");
}

TEST(Document, LoadsAFile) {
    std::string path = std::string(SB_TEST_DATA_DIR) + "/config/minimal.yaml";
    Document document = Document::load_file(path);
    EXPECT_EQ(document.file(), path);
    EXPECT_EQ(document.root()["server"]["log_level"].Scalar(), "debug");
}

TEST(Document, MissingFileIsAProblem) {
    Problem problem = only_problem([] { Document::load_file("/nonexistent/switchboard.yaml"); });
    EXPECT_EQ(problem.to_string(), "/nonexistent/switchboard.yaml: cannot open: No such file or directory");
    Problem directory = only_problem([] { Document::load_file(SB_TEST_DATA_DIR); });
    EXPECT_EQ(directory.message, "cannot read: it is a directory");
}

}  // namespace
}  // namespace switchboard::config
