#pragma once
// Page clean-up with Leptonica before recognition. Every step can be switched off so that its
// effect can be measured (bench/ocr). Errors: InvalidInput when an image cannot be processed.
#include "gazette/ocr/image.h"

namespace gazette::ocr {

struct CleanupOptions {
  bool drop_red = true;  // brightest channel as grey: red seals (印章) vanish
  // Scans below ~250 dpi scaled to about 300 dpi. Off by default: on bench/ocr's 200-dpi fax
  // pages it raised CER from 3.6% to 6.3% (the dashes and strokes blur).
  bool upscale_low_dpi = false;
  // Flatten yellowed or uneven paper. Off by default: on bench/ocr it raised CER on old
  // paper (two-column 14.7% to 25.8%, horizontal 10.2% to 15.0%) and on clean pages.
  bool normalize_background = false;
  bool deskew = true;          // measure and undo skew
  bool remove_borders = true;  // dark scanner margins touching the edge
  // Remove specks: isolated dots up to ~0.7 mm (8 px at 300 dpi) with no character beside
  // them. On bench/ocr it cut CER on old, scanned and vertical pages (a diagnostic over 15 such
  // pages: 8.9% to 5.7%) and left clean and fax pages as they were.
  bool despeckle = true;
  bool binarize = false;  // Sauvola adaptive binarisation (else Tesseract's Otsu)
  int target_dpi = 300;
  // Pages scanned finer than this are read at this resolution (area-mapped down first, so
  // every later step touches fewer pixels); 0 keeps every page as scanned. Tesseract scales
  // each line to its network's input height anyway. On bench/ocr (41 pages, A/B in the same
  // workers) 200 dpi cut the CPU time by 13% and CER from 4.04% to 3.81% (clean pages 2.38% to
  // 1.76%; old pages 2.65% to 3.03%); 170 dpi cut 18% but CER only to 4.00%.
  int max_dpi = 200;
};

struct CleanupReport {
  double skew_degrees = 0;
  double scale = 1.0;  // cleaned page's pixels per original pixel (max_dpi, upscale_low_dpi)
};

// Returns the cleaned 8-bit grey (or 1-bit when binarize) page. Input: any depth.
PixPtr clean_page(Pix* page, const CleanupOptions& options, CleanupReport* report = nullptr);

}  // namespace gazette::ocr
