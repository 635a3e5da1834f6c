#pragma once

#include <filesystem>
#include <string>

namespace switchboard::auth {

// The server's JWT signing secret kept in a file (by convention <data_dir>/jwt_secret),
// for installs that configure none: generated once, then reused so tokens survive
// restarts. A secret from the config or environment takes precedence; that choice
// is the caller's.
class SecretFile {
public:
    // Returns the secret in the file, trailing whitespace removed. If the file does
    // not exist, creates its directory, writes 32 random bytes as 64 hex characters
    // with mode 0600 (temporary file + rename, so a crash never leaves half a secret)
    // and returns them. Throws std::runtime_error if the file cannot be read or
    // written, or holds fewer than 32 bytes. Warns if an existing file is readable by
    // group or others. Safe to call from several threads; one process per file.
    static std::string load_or_create(const std::filesystem::path& path);
};

}  // namespace switchboard::auth
