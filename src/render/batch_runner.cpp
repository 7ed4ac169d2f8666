#include "render/batch_runner.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "core/thread_team.hpp"

namespace tingle::render {
namespace {

enum class ItemState : unsigned char { kWaiting, kFinished, kStopped };

// What the workers share; everything below `mutex` is guarded by it.
struct Run {
  Run(const BatchPlan& plan_in, const std::vector<ItemTarget>& targets_in,
      const BatchRunOptions& options_in)
      : plan(plan_in), targets(targets_in), options(options_in), states(targets_in.size()) {}

  const BatchPlan& plan;
  const std::vector<ItemTarget>& targets;
  const BatchRunOptions& options;
  ItemSettings settings;
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> next_item{0};

  std::mutex mutex;
  std::vector<ItemState> states;
  std::map<std::size_t, ItemOutcome> unreported;  // finished, waiting for earlier items
  std::size_t next_to_report = 0;
  BatchRunResult result;

  bool interrupt_requested() const { return options.interrupt != nullptr && options.interrupt->load(); }

  // Reports every finished item whose predecessors are all settled. Call with `mutex` held.
  void ReportInOrder(bool past_gaps) {
    while (next_to_report < states.size()) {
      const ItemState state = states[next_to_report];
      if (state == ItemState::kWaiting && !past_gaps) return;
      if (state == ItemState::kFinished) {
        const auto found = unreported.find(next_to_report);
        ItemOutcome outcome = std::move(found->second);
        unreported.erase(found);
        ++(outcome.record.skipped ? result.skipped : result.rendered);
        if (options.on_item) options.on_item(outcome);
      }
      ++next_to_report;
    }
  }

  void Settle(std::size_t k, ItemState state, std::optional<ItemOutcome> outcome) {
    std::lock_guard lock(mutex);
    states[k] = state;
    if (outcome) unreported.emplace(k, std::move(*outcome));
    ReportInOrder(false);
  }

  void Fail(std::size_t k, std::exception_ptr failure) {
    stop.store(true);
    std::lock_guard lock(mutex);
    if (!result.failure) result.failure = failure;
    states[k] = ItemState::kStopped;
    ReportInOrder(false);
  }

  static void Work(void* context, int) noexcept {
    Run& run = *static_cast<Run*>(context);
    for (;;) {
      if (run.interrupt_requested()) run.stop.store(true);
      if (run.stop.load()) return;
      const std::size_t k = run.next_item.fetch_add(1);
      if (k >= run.targets.size()) return;
      try {
        run.Settle(k, ItemState::kFinished, RenderItem(run.plan, run.targets[k], run.settings));
      } catch (const Interrupted&) {
        run.Settle(k, ItemState::kStopped, std::nullopt);  // an interrupt, or another item failed
      } catch (...) {
        run.Fail(k, std::current_exception());
      }
    }
  }
};

}  // namespace

BatchRunResult RunBatch(const BatchPlan& plan, const std::vector<ItemTarget>& targets,
                        const BatchRunOptions& options) {
  Run run(plan, targets, options);
  const int jobs = std::max(1, options.jobs);
  const int workers = static_cast<int>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, targets.size())));
  run.settings = options.item;
  run.settings.threads = std::max(1, jobs / workers);
  run.settings.stop = &run.stop;
  // Renders poll `stop` after each chunk; the progress callback comes as often, so it turns
  // an interrupt into a stop of every item (the interrupt flag is the signal handler's).
  const auto user_progress = options.item.progress;
  run.settings.progress = [&run, user_progress](std::int64_t done, std::int64_t total) {
    if (run.interrupt_requested()) run.stop.store(true);
    if (user_progress) user_progress(done, total);
  };
  {
    ThreadTeam team(workers);
    team.Run(&Run::Work, &run);
  }
  std::lock_guard lock(run.mutex);
  run.ReportInOrder(true);  // items finished after an earlier one failed or stopped
  const bool all_finished = std::all_of(run.states.begin(), run.states.end(),
                                        [](ItemState state) { return state == ItemState::kFinished; });
  run.result.interrupted = run.interrupt_requested() && !all_finished && !run.result.failure;
  return std::move(run.result);
}

}  // namespace tingle::render
