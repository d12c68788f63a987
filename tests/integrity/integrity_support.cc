#include "integrity_support.h"

#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "gazette/sha256.h"

namespace integrity {
namespace fs = std::filesystem;

fs::path fixture_archive() {
  return fs::path(GAZETTE_INTEGRITY_FIXTURE) / "reference";
}
fs::path fixture_scans() {
  return fs::path(GAZETTE_INTEGRITY_FIXTURE) / "corpus" / "scans";
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(GAZETTE_INTEGRITY_WORK) / name;
  // Kept originals are read-only; make them writable again so that they can be removed.
  if (fs::exists(dir)) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (!e.is_symlink()) fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    fs::remove_all(dir);
  }
  fs::create_directories(dir);
  return dir;
}

fs::path copy_of_fixture(const std::string& name) {
  if (!fs::exists(fixture_archive() / "catalog.sqlite"))
    throw std::runtime_error("no fixture archive; did integrity_fixture run?");
  const fs::path dir = fresh_dir(name) / "archive";
  fs::copy(fixture_archive(), dir, fs::copy_options::recursive);
  return dir;
}

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

RunResult run(const std::string& program, const std::vector<std::string>& args,
              const RunOptions& options) {
  static int counter = 0;
  const fs::path out_file = fs::path(GAZETTE_INTEGRITY_WORK) /
                            ("run-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(out_file.parent_path());
  const std::string out_path = out_file.string() + ".out", err_path = out_file.string() + ".err";
  std::vector<std::string> argv_storage = {program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(127);
    ::dup2(out, 1);
    ::dup2(err, 2);
    for (const auto& [k, v] : options.env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  if (options.on_start) options.on_start(pid);
  int status = 0;
  if (options.kill_after_seconds) {
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration<double>(*options.kill_after_seconds);
    while (true) {
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  } else {
    ::waitpid(pid, &status, 0);
  }
  RunResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return r;
}

RunResult gazette(const fs::path& archive, const std::vector<std::string>& args,
                  const RunOptions& options) {
  std::vector<std::string> all = {"--archive", archive.string()};
  all.insert(all.end(), args.begin(), args.end());
  return run(GAZETTE_BIN, all, options);
}

std::vector<Poco::JSON::Object::Ptr> json_lines(const std::string& text) {
  std::vector<Poco::JSON::Object::Ptr> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json_object(line));
  return out;
}

Poco::JSON::Object::Ptr json_object(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::vector<std::string> query(const fs::path& archive, const std::string& sql) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2((archive / "catalog.sqlite").c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(raw);
    throw std::runtime_error("cannot open the catalogue of " + archive.string());
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
  sqlite3_stmt* stmt_raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &stmt_raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("bad query: ") + sqlite3_errmsg(db.get()));
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(stmt_raw, sqlite3_finalize);
  std::vector<std::string> rows;
  while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt.get()); ++c) {
      if (c) row += '\x1f';
      const auto* text = sqlite3_column_text(stmt.get(), c);
      row += text ? reinterpret_cast<const char*>(text) : "<null>";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> kept_files(const fs::path& archive) {
  std::vector<std::string> out;
  for (const char* top : {"objects", "derived"}) {
    if (!fs::exists(archive / top)) continue;
    for (const auto& e : fs::recursive_directory_iterator(archive / top)) {
      if (e.is_directory()) continue;
      const auto perms = static_cast<unsigned>(fs::status(e.path()).permissions()) & 0777;
      std::ostringstream line;
      line << fs::relative(e.path(), archive).generic_string() << " " << std::oct << perms << " "
           << gazette::sha256_file(e.path());
      out.push_back(line.str());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace integrity
