// Renders library items in parallel: a team of workers takes items in order, each
// rendering one at a time, so memory is the workers' count times one render. Outcomes are
// reported in item order whatever finishes first, and the first failure stops the rest.
//
// Every item's bytes depend only on the item (DESIGN §9), never on the worker, the
// number of workers or what else is rendering: --jobs changes the speed, not the files.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <vector>

#include "render/batch_item.hpp"
#include "render/batch_plan.hpp"

namespace tingle::render {

struct BatchRunOptions {
  // Threads in all. One item: its layers render on all of them. Several: items render on
  // min(jobs, items) workers, and each render's layers on jobs / workers threads (at
  // least 1).
  int jobs = 1;
  ItemSettings item;  // its `threads` and `stop` are set by RunBatch
  // SIGINT/SIGTERM: when set, every running item stops (leaving no file) and no more start.
  const std::atomic<bool>* interrupt = nullptr;
  // Called for each item rendered or skipped, in item order, one call at a time (from
  // whichever thread finished the item or the ones before it).
  std::function<void(const ItemOutcome&)> on_item;
};

struct BatchRunResult {
  std::int64_t rendered = 0;
  std::int64_t skipped = 0;
  bool interrupted = false;
  // The first item that failed (not counting items stopped because of it), and why.
  std::exception_ptr failure;
};

// Items finished before a failure or an interrupt keep their files and sidecars, so
// running again resumes.
BatchRunResult RunBatch(const BatchPlan& plan, const std::vector<ItemTarget>& targets,
                        const BatchRunOptions& options);

}  // namespace tingle::render
