#pragma once
// The completeness report moved to the catalogue library (gazette/gaps.h), so that the reader
// can show it without depending on the pipeline; these names keep the pipeline's callers as
// they were.
#include "gazette/gaps.h"

namespace gazette::pipeline {

using gazette::AbsentTarget;
using gazette::find_gaps;
using gazette::gap_report_json;
using gazette::gap_report_text;
using gazette::GapReport;
using gazette::NumberGap;
using gazette::NumberParts;
using gazette::split_number;

}  // namespace gazette::pipeline
