#pragma once
// Error policy for every library in Gazette Archive: failures are thrown as one of the
// exceptions below. Nothing is swallowed; the CLI's main() maps them to exit codes and the
// reader maps them to HTTP statuses. Per-page failures inside a batch are caught by the
// pipeline, recorded on the page with their reason, and the batch goes on.
#include <stdexcept>
#include <string>

namespace gazette {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input that can never succeed as given: bad arguments, malformed files, bad queries.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

// A named thing (document, issue, page, file) does not exist.
class NotFound : public Error {
 public:
  using Error::Error;
};

// Filesystem or operating-system failure.
class IoError : public Error {
 public:
  using Error::Error;
};

// Catalogue (SQLite) or index (Xapian) failure.
class StorageError : public Error {
 public:
  using Error::Error;
};

// Another process holds the archive's writer lock.
class LockError : public Error {
 public:
  using Error::Error;
};

// The OCR engine could not be started or failed on a page.
class OcrError : public Error {
 public:
  using Error::Error;
};


}  // namespace gazette
