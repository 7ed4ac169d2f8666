#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "io/output_spec.hpp"
#include "io/sha256.hpp"
#include "support/temp_dir.hpp"

namespace tingle::io {

TEST_SUITE("io") {

// FIPS 180-2, appendix B (SHA-256 examples), and the empty message.
TEST_CASE("Sha256: the FIPS 180 test vectors") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("Sha256: a file hashes as its bytes do, across read chunks") {
  test::TempDir folder;
  // Larger than one read chunk (64 KiB) and not a multiple of it.
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>((i * 7919) % 251);
  std::ofstream(folder.File("data.bin"), std::ios::binary) << bytes;
  CHECK(Sha256FileHex(folder.File("data.bin")) == Sha256Hex(bytes));
  std::ofstream(folder.File("million.txt"), std::ios::binary) << std::string(1000000, 'a');
  CHECK(Sha256FileHex(folder.File("million.txt")) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Sha256: a missing file is an IoError naming it") {
  CHECK_THROWS_WITH_AS(Sha256FileHex("/nonexistent/x.wav"),
                       "cannot read \"/nonexistent/x.wav\": No such file or directory", IoError);
}

}

}  // namespace tingle::io
