// PNG encoding and decoding through libpng, in memory, with libpng's setjmp error path.
//
// libpng reports errors by longjmp back to a setjmp. C++ allows that only when no
// object with a destructor is skipped over, so each libpng session below creates every
// C++ object it needs before its setjmp, and the I/O callbacks record a failure before
// calling png_error instead of unwinding through libpng.
#include "io/png_file.hpp"

#include <fcntl.h>
#include <png.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <map>
#include <new>

#include "io/io_error_text.hpp"
#include "io/staged_file.hpp"
#include "io/write_all.hpp"

namespace tingle::io {
namespace {

// Pictures larger than this are refused when read: a hostile file cannot make us
// allocate gigabytes (a spectrogram is 800 x 200).
constexpr png_uint_32 kMaxSide = 16384;
constexpr off_t kMaxFileBytes = 64 << 20;

// libpng's message for the failure that ended a session; plain data, so a longjmp
// may leave it behind safely.
struct ErrorText {
  char text[200] = "";
};

void OnError(png_structp png, png_const_charp message) {
  auto* error = static_cast<ErrorText*>(png_get_error_ptr(png));
  std::snprintf(error->text, sizeof error->text, "%s", message);
  png_longjmp(png, 1);
}

void OnWarning(png_structp, png_const_charp) {}  // e.g. "iCCP: known incorrect sRGB profile"

void AppendBytes(png_structp png, png_bytep data, size_t size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  bool out_of_memory = false;
  try {
    out->insert(out->end(), data, data + size);
  } catch (const std::bad_alloc&) {
    out_of_memory = true;
  }
  if (out_of_memory) png_error(png, "out of memory");
}

struct MemoryReader {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at;
};

void ReadBytes(png_structp png, png_bytep data, size_t size) {
  auto* in = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (in->size - in->at < size) png_error(png, "truncated");
  std::memcpy(data, in->data + in->at, size);
  in->at += size;
}

// Owns one libpng session's structures; made before the setjmp, so it outlives a longjmp.
struct WriteSession {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~WriteSession() { png_destroy_write_struct(&png, &info); }
};

struct ReadSession {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~ReadSession() { png_destroy_read_struct(&png, &info, nullptr); }
};

// The picture as palette indices, with its palette, if it has at most 256 colours (in
// the order they first appear, so the same picture gives the same bytes); else nothing.
bool ToIndexed(const PngImage& image, std::vector<std::uint8_t>& indices, std::vector<png_color>& palette) {
  constexpr std::size_t kMaxColours = 256;
  std::map<std::uint32_t, std::uint8_t> index_of;
  indices.resize(image.rgb.size() / 3);
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const std::uint8_t* pixel = image.rgb.data() + 3 * i;
    const std::uint32_t key = (std::uint32_t{pixel[0]} << 16) | (std::uint32_t{pixel[1]} << 8) | pixel[2];
    auto found = index_of.find(key);
    if (found == index_of.end()) {
      if (palette.size() == kMaxColours) return false;
      found = index_of.emplace(key, static_cast<std::uint8_t>(palette.size())).first;
      palette.push_back(png_color{pixel[0], pixel[1], pixel[2]});
    }
    indices[i] = found->second;
  }
  return true;
}

// Everything a write session hands libpng, prepared before its setjmp.
struct EncodeInput {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int colour_type = PNG_COLOR_TYPE_RGB;
  std::vector<png_color> palette;  // with PNG_COLOR_TYPE_PALETTE
  std::vector<png_bytep> rows;
  std::vector<png_text> fields;
};

// The libpng session alone; returns libpng's message on failure, an empty one on success.
std::string RunWriteSession(const EncodeInput& input, std::vector<std::uint8_t>& out) {
  ErrorText error;
  WriteSession session;
  session.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, OnError, OnWarning);
  if (session.png == nullptr) return "out of memory";
  session.info = png_create_info_struct(session.png);
  if (session.info == nullptr) return "out of memory";
  if (setjmp(png_jmpbuf(session.png))) return error.text;
  png_set_write_fn(session.png, &out, AppendBytes, nullptr);
  png_set_IHDR(session.png, session.info, input.width, input.height, 8, input.colour_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!input.palette.empty()) {
    png_set_PLTE(session.png, session.info, input.palette.data(), static_cast<int>(input.palette.size()));
  }
  // Before the pixels, so a reader finds them without decoding the image.
  if (!input.fields.empty()) {
    // libpng only reads them; its API is not const-correct.
    png_set_text(session.png, session.info, const_cast<png_textp>(input.fields.data()),
                 static_cast<int>(input.fields.size()));
  }
  png_write_info(session.png, session.info);
  png_write_image(session.png, const_cast<png_bytepp>(input.rows.data()));
  png_write_end(session.png, nullptr);
  return {};
}

// Encodes `image` into `out`; returns libpng's message on failure, an empty one on success.
std::string Encode(const PngImage& image, std::vector<std::uint8_t>& out) {
  EncodeInput input;
  input.width = static_cast<png_uint_32>(image.width);
  input.height = static_cast<png_uint_32>(image.height);
  std::vector<std::uint8_t> indices;
  const bool indexed = ToIndexed(image, indices, input.palette);
  if (indexed) {
    input.colour_type = PNG_COLOR_TYPE_PALETTE;
  } else {
    input.palette.clear();
  }
  const std::size_t row_bytes = static_cast<std::size_t>(image.width) * (indexed ? 1 : 3);
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* row = (indexed ? indices.data() : image.rgb.data()) + static_cast<std::size_t>(y) * row_bytes;
    input.rows.push_back(const_cast<png_bytep>(row));  // libpng only reads the rows
  }
  for (const auto& [keyword, value] : image.text) {
    png_text field{};
    field.compression = PNG_TEXT_COMPRESSION_NONE;
    field.key = const_cast<png_charp>(keyword.c_str());
    field.text = const_cast<png_charp>(value.c_str());
    field.text_length = value.size();
    input.fields.push_back(field);
  }
  return RunWriteSession(input, out);
}

// Decodes `bytes` into `image` as 8-bit RGB; returns a message on failure.
std::string Decode(const std::vector<std::uint8_t>& bytes, PngImage& image) {
  constexpr std::size_t kSignatureBytes = 8;
  if (bytes.size() < kSignatureBytes || png_sig_cmp(bytes.data(), 0, kSignatureBytes) != 0) {
    return "not a PNG file";
  }
  std::vector<png_bytep> rows;
  MemoryReader reader{bytes.data(), bytes.size(), 0};
  ErrorText error;
  ReadSession session;
  session.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, OnError, OnWarning);
  if (session.png == nullptr) return "out of memory";
  session.info = png_create_info_struct(session.png);
  if (session.info == nullptr) return "out of memory";
  if (setjmp(png_jmpbuf(session.png))) return error.text;
  png_set_read_fn(session.png, &reader, ReadBytes);
  png_read_info(session.png, session.info);
  const png_uint_32 width = png_get_image_width(session.png, session.info);
  const png_uint_32 height = png_get_image_height(session.png, session.info);
  if (width > kMaxSide || height > kMaxSide) return "too large";
  // Whatever the file holds, hand back 8-bit RGB.
  png_set_expand(session.png);
  png_set_strip_16(session.png);
  png_set_strip_alpha(session.png);
  png_set_gray_to_rgb(session.png);
  png_read_update_info(session.png, session.info);
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  image.rgb.assign(static_cast<std::size_t>(width) * height * 3, 0);
  rows.resize(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = image.rgb.data() + static_cast<std::size_t>(y) * width * 3;
  png_read_image(session.png, rows.data());
  png_read_end(session.png, session.info);  // text after the pixels, too
  png_textp fields = nullptr;
  const int count = png_get_text(session.png, session.info, &fields, nullptr);
  for (int i = 0; i < count; ++i) image.text[fields[i].key] = std::string(fields[i].text, fields[i].text_length);
  return {};
}

IoError ReadError(const std::string& path, const std::string& reason) {
  return IoError("cannot read \"" + path + "\": " + reason);
}

}  // namespace

void WritePng(const std::string& path, const PngImage& image) {
  std::vector<std::uint8_t> bytes;
  if (const std::string problem = Encode(image, bytes); !problem.empty()) {
    throw WriteError(path, problem);
  }
  StagedFile file(path);
  if (const int error = WriteAll(file.fd(), bytes.data(), bytes.size())) {
    throw WriteError(path, ErrnoText(error));
  }
  file.Commit();
}

PngImage ReadPng(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ReadError(path, ErrnoText(errno));
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || status.st_size > kMaxFileBytes) {
    ::close(fd);
    throw ReadError(path, "not a PNG file");
  }
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(status.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      const int error = got < 0 ? errno : EIO;
      ::close(fd);
      throw ReadError(path, ErrnoText(error));
    }
    done += static_cast<std::size_t>(got);
  }
  ::close(fd);
  PngImage image;
  if (const std::string problem = Decode(bytes, image); !problem.empty()) {
    throw ReadError(path, problem);
  }
  return image;
}

}  // namespace tingle::io
