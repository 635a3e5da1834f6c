#include "switchboard/files/attachment_service.hpp"

#include <fcntl.h>
#include <stdlib.h>

#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <memory>
#include <spdlog/spdlog.h>

#include "switchboard/files/media_type.hpp"
#include "switchboard/files/upload.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"
#include "switchboard/util/utf8.hpp"

namespace switchboard::files {

using sdk::to_sb;
using sdk::to_view;

namespace {

constexpr size_t kMaxFilenameBytes = 255;

// The last path component, without control characters; empty when not UTF-8.
std::string clean_filename(std::string_view raw) {
    size_t slash = raw.find_last_of("/\\");
    if (slash != std::string_view::npos) raw.remove_prefix(slash + 1);
    std::string name;
    for (char c : raw)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) name.push_back(c);
    if (name == "." || name == "..") return {};
    if (name.size() > kMaxFilenameBytes) name.resize(kMaxFilenameBytes);
    while (!name.empty() && !util::is_valid_utf8(name)) name.pop_back();  // a cut multi-byte character
    return name;
}

Upload* as_upload(sb_upload* upload) { return reinterpret_cast<Upload*>(upload); }

sb_attachment view(const storage::Attachment& a) {
    return sb_attachment{sizeof(sb_attachment), to_sb(a.attachment_id), to_sb(a.uploader_id), to_sb(a.content_type),
                         to_sb(a.filename),     a.size,                  to_sb(a.sha256),      a.width,
                         a.height,              a.has_thumbnail ? 1 : 0, a.created_at};
}

}  // namespace

AttachmentService::AttachmentService(AttachmentSettings settings, chat::AuthService& auth,
                                     storage::StorageClient& storage, runtime::EventLoop& loop)
    : settings_(std::move(settings)),
      auth_(auth),
      storage_(storage),
      loop_(loop),
      thumbnailer_(settings_.thumbnail_size, settings_.max_image_pixels),
      temp_dir_(settings_.directory / "tmp") {
    // Leftovers of uploads a crash interrupted.
    std::filesystem::remove_all(temp_dir_);
    std::filesystem::create_directories(temp_dir_);
}

AttachmentService::~AttachmentService() { worker_.join(); }

std::filesystem::path AttachmentService::file_path(const std::string& id) const {
    // Ids end in random characters: the last two spread files over directories.
    return settings_.directory / id.substr(id.size() - 2) / id;
}

std::filesystem::path AttachmentService::thumbnail_stem(const std::string& id) const {
    return settings_.directory / id.substr(id.size() - 2) / (id + ".thumb");
}

std::filesystem::path AttachmentService::thumbnail_path(const std::string& id) const {
    std::error_code ec;
    for (const char* extension : {".jpg", ".png"}) {
        std::filesystem::path path = thumbnail_stem(id);
        path += extension;
        if (std::filesystem::exists(path, ec)) return path;
    }
    return {};
}

void AttachmentService::remove_files(const std::string& id) const {
    std::error_code ignored;
    std::filesystem::remove(file_path(id), ignored);
    if (auto thumbnail = thumbnail_path(id); !thumbnail.empty()) std::filesystem::remove(thumbnail, ignored);
}

void AttachmentService::complete(sb_host_done done, void* done_ctx, sb_status status, const std::string& message,
                                 const void* result) {
    done(done_ctx, status, message.c_str(), result);
}

sb_upload* AttachmentService::begin(const sb_upload_info& info, sb_error* err) {
    if (!storage_.supports_attachments()) {
        sb_error_set(err, SB_ERR_UNAVAILABLE, "the storage plugin does not keep attachments");
        return nullptr;
    }
    std::string token(to_view(info.bearer_token));
    if (token.empty()) {
        sb_error_set(err, SB_ERR_UNAUTHORIZED, "an access token is required (Authorization: Bearer <token>)");
        return nullptr;
    }
    std::string problem;
    auto who = auth_.verify(token, &problem);
    if (!who) {
        sb_error_set(err, SB_ERR_UNAUTHORIZED, problem.c_str());
        return nullptr;
    }
    auto type = normalize_media_type(to_view(info.content_type));
    if (!type) {
        sb_error_set(err, SB_ERR_BAD_REQUEST,
                     ("'" + std::string(to_view(info.content_type)) + "' is not a media type such as image/png").c_str());
        return nullptr;
    }
    if (!settings_.allowed_types.allows(*type)) {
        sb_error_set(err, SB_ERR_BAD_REQUEST,
                     ("content type " + *type + " is not allowed; allowed: " + settings_.allowed_types.text()).c_str());
        return nullptr;
    }
    if (info.declared_size > 0 && static_cast<uint64_t>(info.declared_size) > settings_.max_size) {
        sb_error_set(err, SB_ERR_TOO_LARGE,
                     ("the file is larger than attachments.max_size (" + std::to_string(settings_.max_size) + " bytes)")
                         .c_str());
        return nullptr;
    }
    std::string pattern = (temp_dir_ / "upload-XXXXXX").string();
    int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) {
        sb_error_set(err, SB_ERR_UNAVAILABLE, (std::string("cannot store the upload: ") + std::strerror(errno)).c_str());
        return nullptr;
    }
    auto* upload = new Upload(std::move(token), who->user_id, *type, clean_filename(to_view(info.filename)), pattern, fd,
                              settings_.max_size);
    return reinterpret_cast<sb_upload*>(upload);
}

sb_status AttachmentService::write(sb_upload* upload, std::string_view data, sb_error* err) {
    std::string problem;
    sb_status status = as_upload(upload)->write(data, &problem);
    if (status != SB_OK) sb_error_set(err, status, problem.c_str());
    return status;
}

void AttachmentService::abort(sb_upload* upload) { delete as_upload(upload); }

void AttachmentService::finish(sb_upload* raw, sb_host_done done, void* done_ctx) {
    std::shared_ptr<Upload> upload(as_upload(raw));
    ++pending_;
    boost::asio::post(worker_, [this, upload, done, done_ctx] {
        storage::Attachment a;
        a.attachment_id = util::IdGenerator::make("a_");
        a.uploader_id = upload->uploader_id();
        a.content_type = upload->content_type();
        a.filename = upload->filename();
        a.size = upload->size();
        try {
            a.sha256 = upload->seal();
            if (Thumbnailer::handles(a.content_type)) {
                if (auto image = thumbnailer_.probe(upload->temp_path())) {
                    a.width = image->width;
                    a.height = image->height;
                    std::filesystem::create_directories(file_path(a.attachment_id).parent_path());
                    a.has_thumbnail = thumbnailer_.make(upload->temp_path(), *image, thumbnail_stem(a.attachment_id)).has_value();
                }
            }
            upload->commit(file_path(a.attachment_id));
        } catch (const std::exception& e) {
            spdlog::error("attachment upload failed: {}", e.what());
            remove_files(a.attachment_id);
            --pending_;
            return complete(done, done_ctx, SB_ERR_UNAVAILABLE, std::string("the upload could not be stored: ") + e.what());
        }
        a.created_at = util::now_ms();
        loop_.post([this, a, token = upload->token(), done, done_ctx] {
            auth_.authenticate(token, [this, a, done, done_ctx](sb_status status, const std::string& message,
                                                                const chat::Identity&) {
                if (status != SB_OK) {
                    remove_files(a.attachment_id);
                    --pending_;
                    return complete(done, done_ctx, status, message);
                }
                storage_.attachment_create(a, [this, a, done, done_ctx](storage::StorageResult<storage::Unit> r) {
                    --pending_;
                    if (!r.ok()) {
                        remove_files(a.attachment_id);
                        return complete(done, done_ctx, SB_ERR_UNAVAILABLE, "the attachment could not be recorded: " + r.error);
                    }
                    sb_attachment record = view(a);
                    complete(done, done_ctx, SB_OK, "", &record);
                });
            });
        });
    });
}

void AttachmentService::open(const sb_attachment_request& req, sb_host_done done, void* done_ctx) {
    std::string token(to_view(req.bearer_token));
    std::string id(to_view(req.attachment_id));
    bool thumbnail = req.thumbnail != 0;
    if (!storage_.supports_attachments())
        return complete(done, done_ctx, SB_ERR_UNAVAILABLE, "the storage plugin does not keep attachments");
    if (token.empty())
        return complete(done, done_ctx, SB_ERR_UNAUTHORIZED,
                        "an access token is required (Authorization: Bearer <token>, or ?access_token=)");
    loop_.post([this, token, id, thumbnail, done, done_ctx] {
        auth_.authenticate(token, [this, id, thumbnail, done, done_ctx](sb_status status, const std::string& message,
                                                                        const chat::Identity& who) {
            if (status != SB_OK) return complete(done, done_ctx, status, message);
            storage_.attachment_get(id, who.user_id, [this, id, thumbnail, done,
                                                      done_ctx](storage::StorageResult<storage::Attachment> r) {
                if (r.status == SB_ERR_NOT_FOUND) return complete(done, done_ctx, SB_ERR_NOT_FOUND, "no such attachment");
                if (r.status == SB_ERR_FORBIDDEN)
                    return complete(done, done_ctx, SB_ERR_FORBIDDEN,
                                    "only the uploader and members of a conversation where it was sent may read this attachment");
                if (!r.ok()) return complete(done, done_ctx, SB_ERR_UNAVAILABLE, "storage is unavailable, try again");
                const storage::Attachment& a = r.value;
                std::filesystem::path path = file_path(id);
                std::string type = a.content_type;
                if (thumbnail) {
                    path = a.has_thumbnail ? thumbnail_path(id) : std::filesystem::path();
                    if (path.empty()) return complete(done, done_ctx, SB_ERR_NOT_FOUND, "this attachment has no thumbnail");
                    type = path.extension() == ".png" ? "image/png" : "image/jpeg";
                }
                std::error_code ec;
                uint64_t size = std::filesystem::file_size(path, ec);
                if (ec) {
                    spdlog::error("attachment {}: {}: {}", id, path.string(), ec.message());
                    return complete(done, done_ctx, SB_ERR_NOT_FOUND, "the attachment's file is missing");
                }
                sb_attachment record = view(a);
                std::string path_text = path.string();
                sb_attachment_file file{sizeof(sb_attachment_file), &record, path_text.c_str(), size, to_sb(type)};
                complete(done, done_ctx, SB_OK, "", &file);
            });
        });
    });
}

}  // namespace switchboard::files
