// Minimal check helpers for the ctest programs: one line per check, a
// non-zero exit status when any fails. No framework, so the tests build
// anywhere the core builds (including a GPU machine without Node).
#pragma once

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace mptest {

inline int &failures() {
  static int n = 0;
  return n;
}
inline int &passes() {
  static int n = 0;
  return n;
}

inline void check(bool ok, const std::string &what) {
  if (ok) {
    ++passes();
  } else {
    ++failures();
    std::printf("FAIL %s\n", what.c_str());
  }
}

inline int finish() {
  std::printf("%d passed, %d failed\n", passes(), failures());
  return failures() == 0 ? 0 : 1;
}

inline std::vector<unsigned char> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::vector<float> readF32(const std::string &path) {
  const auto bytes = readFile(path);
  std::vector<float> out(bytes.size() / sizeof(float));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(float));
  return out;
}

}  // namespace mptest
