#pragma once
// Thin RAII wrappers over the SQLite C API; every failure throws StorageError.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gazette::sqlite {

class Statement;

class Connection {
 public:
  Connection(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql);
  Statement prepare(std::string_view sql) const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;  // owned; closed in the destructor
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  // Binds NULL for an empty string.
  Statement& bind_text_or_null(int index, std::string_view value);

  // True while a row is available.
  bool step();
  void run() { step(); }

  bool is_null(int col) const;
  std::string text(int col) const;
  std::int64_t integer(int col) const;
  double real(int col) const;
  std::optional<int> optional_int(int col) const;
  std::optional<std::string> optional_text(int col) const;
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;  // owned; finalised in the destructor
};

}  // namespace gazette::sqlite
