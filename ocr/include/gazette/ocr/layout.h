#pragma once
// Layout estimates made before recognition, so that each page goes to the right model the
// first time instead of being read by every model in turn. Errors: InvalidInput when the
// image cannot be analysed.
#include "gazette/ocr/image.h"

namespace gazette::ocr {

// Share (0..1) of the page's text that is set in vertical columns. Characters closed up
// along the writing direction merge into long thin strokes (lines or columns); the side
// whose strokes hold more ink wins. Takes the cleaned grey or binary page.
double vertical_text_share(Pix* page);

}  // namespace gazette::ocr
