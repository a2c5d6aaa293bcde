// Runs the jobs of a job stream on the accelerator through the C ABI (sim/include/edqa_sim.h): the SystemC model
// in edqa-sim and the testbenches, the board in edqa-board-runner. An eDQA job is one layer (edqa_sim_run_layer:
// the accelerator walks its records), a NoisyQuant job one call per record; a refused or failed record is its
// status and message in the result, and the other records run regardless.
#ifndef EDQA_JOBS_JOB_RUNNER_H
#define EDQA_JOBS_JOB_RUNNER_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edqa_sim.h"
#include "job_stream.h"

namespace edqa_jobs {

JobResult run_job(edqa_sim* simulator, const Job& job, uint32_t job_index);

// The accelerator's counters, named by their registers' ports (cycles_total, ...): the rows of its counters
// bundle (hw/edqa_registers.h), in the order every record result carries them.
std::vector<std::string> counter_names(Accelerator accelerator);

// An eDQA job record's descriptor, from its values in the job stream.
edqa_record_descriptor record_descriptor(const JobRecord& record);

// The eDQA jobs of one op and one static code, in stream order, grouped as layers of up to `layer_records` jobs
// (indices into `jobs`): how the testbenches run many records per START.
std::vector<std::vector<size_t>> layer_groups(const std::vector<Job>& jobs, size_t layer_records);

}  // namespace edqa_jobs

#endif  // EDQA_JOBS_JOB_RUNNER_H
