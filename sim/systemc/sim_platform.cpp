// The SystemC model as the platform of the C ABI.
#include <systemc.h>

#include <string>

#include "platform.h"
#include "simulation_model.h"

namespace edqa_harness {

namespace {

// SystemC reports errors by printing and aborting unless told to throw; tell it once, before any model exists.
void configure_systemc_once() {
  static bool configured = false;
  if (configured) return;
  sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
  sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_THROW);
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  configured = true;
}

}  // namespace

HardwareAccess& open_platform(const std::string& vcd_path, uint32_t trace_mask, uint32_t units, uint32_t lanes) {
  configure_systemc_once();
  return SimulationModel::instance(vcd_path, trace_mask == 0 ? kTraceEdqa | kTraceNoisyQuant : trace_mask, units,
                                   lanes);
}

void set_memory(const MemorySettings& memory) { SimulationModel::instance("", 0).set_memory(memory); }

// Before the first simulator, the default setting's.
uint32_t platform_clock_mhz() {
  static const MemorySettings defaults;
  return SimulationModel::exists() ? SimulationModel::instance("", 0).memory().clock_mhz : defaults.clock_mhz;
}

void reset_platform() { SimulationModel::instance("", 0).reset_accelerator(); }

uint64_t platform_cycles() { return SimulationModel::instance("", 0).simulated_cycles(); }

const char* platform_name() {
  static const std::string name = std::string("SystemC ") + sc_core::sc_release();
  return name.c_str();
}

}  // namespace edqa_harness
