#pragma once
// Helpers for the integrity tests: running the real binaries (optionally killing them), fresh
// work folders, copies of the fixture archive, and reading the catalogue directly.
#include <Poco/JSON/Object.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace integrity {

// The ingested reference archive and its corpus, made once by make_fixture.sh.
std::filesystem::path fixture_archive();
std::filesystem::path fixture_scans();

// A new empty folder for one test (removed first if a previous run left it).
std::filesystem::path fresh_dir(const std::string& name);
// A copy of the fixture archive, permissions included.
std::filesystem::path copy_of_fixture(const std::string& name);

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;      // the signal that ended it, if any
  std::string out, err;
};

struct RunOptions {
  std::map<std::string, std::string> env;    // added to the environment
  std::optional<double> kill_after_seconds;  // SIGKILL after this long, if still running
  std::function<void(int pid)> on_start;     // told the child's pid once it runs
};

// Runs `program` with `args`, waits for it (or kills it) and returns its outputs.
RunResult run(const std::string& program, const std::vector<std::string>& args,
              const RunOptions& options = {});
// Runs the gazette binary on `archive` with `args`.
RunResult gazette(const std::filesystem::path& archive, const std::vector<std::string>& args,
                  const RunOptions& options = {});

std::vector<Poco::JSON::Object::Ptr> json_lines(const std::string& text);
Poco::JSON::Object::Ptr json_object(const std::string& text);

// Rows of an SQL query on the archive's catalogue, each row's columns joined with '\x1f'.
std::vector<std::string> query(const std::filesystem::path& archive, const std::string& sql);

// Every file under objects/ and derived/ (relative path, mode and SHA-256), sorted.
std::vector<std::string> kept_files(const std::filesystem::path& archive);

}  // namespace integrity
