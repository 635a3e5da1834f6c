#include "service_account.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::push_fcm {
namespace {

std::string write_temp(const std::string& text) {
    char path[] = "/tmp/sb-fcm-sa-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    std::ofstream(path) << text;
    return path;
}

TEST(ServiceAccount, ReadsTheFieldsOfAKeyFile) {
    auto path = write_temp(R"({"type":"service_account","project_id":"p1","private_key_id":"k1",
        "private_key":"-----BEGIN PRIVATE KEY-----\n...\n","client_email":"a@p1.iam.gserviceaccount.com",
        "token_uri":"https://oauth2.googleapis.com/token"})");
    auto account = ServiceAccount::load(path);
    EXPECT_EQ(account.project_id, "p1");
    EXPECT_EQ(account.private_key_id, "k1");
    EXPECT_EQ(account.client_email, "a@p1.iam.gserviceaccount.com");
    EXPECT_EQ(account.token_uri, "https://oauth2.googleapis.com/token");
    std::remove(path.c_str());
}

TEST(ServiceAccount, NamesTheFileAndTheMissingField) {
    auto path = write_temp(R"({"project_id":"p1","private_key":"x"})");
    try {
        ServiceAccount::load(path);
        FAIL();
    } catch (const sdk::Error& e) {
        EXPECT_EQ(std::string(e.what()), "service_account_file '" + path +
                                             "' has no \"client_email\" string (is it a service-account key?)");
    }
    std::remove(path.c_str());
    EXPECT_THROW(ServiceAccount::load("/nonexistent/sa.json"), sdk::Error);
}

}  // namespace
}  // namespace switchboard::plugins::push_fcm
