// Opening a sound file for reading through libsndfile, with the one-line reasons that
// both readers (io/sample_file, whole files; io/sound_reader, block by block) give.
#pragma once

#include <sndfile.h>

#include <filesystem>
#include <string>

namespace tingle::io {

// The reason in libsndfile's message, lower-cased for the middle of a line:
// "Error : Format not recognised." -> "format not recognised".
std::string SndfileReadReason(const char* text);

// Opens `path` for reading and fills `info`. On failure returns nullptr and sets `problem`:
//   is a folder, not a sound file | cannot read: <errno text> | empty file (0 bytes)
//   not a sound file (format not recognised) | cannot decode (<libsndfile's reason>)
// The caller closes the handle (sf_close).
SNDFILE* OpenSoundFile(const std::filesystem::path& path, SF_INFO& info, std::string& problem);

}  // namespace tingle::io
