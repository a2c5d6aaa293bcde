# Vivado HLS 2019.2 (the last Xilinx HLS that synthesizes SystemC): C synthesis of the two accelerators for the
# PYNQ-Z1 (xc7z020clg400-1) at 200 MHz, each exported as an IP-XACT core for a Vivado block design (each with an
# AXI DMA on din/dout, as in the authors' design).
#   cd hw/hls && vivado_hls -f run_hls.tcl        (or: make hls)
# Interfaces and loop pragmas live in the sources behind HLS_PRAGMA (hw/edqa_hw_config.h); this script only sets
# up the projects. Each project's driver header (for `edqa board map --from`) lands in
#   <project>/pynq_z1_200mhz/impl/ip/drivers/<top>_v1_0/src/x<top>_hw.h
set part xc7z020clg400-1
set clock_ns 5
# The eDQA configuration (hw/hls/edqa_top.cpp): EDQA_UNITS=1|2|4 and EDQA_LANES=1|2 from the environment, the paper's
# one unit and 32-bit stream by default, e.g.  EDQA_UNITS=4 EDQA_LANES=2 vivado_hls -f run_hls.tcl
set units [expr {[info exists ::env(EDQA_UNITS)] ? $::env(EDQA_UNITS) : 1}]
set lanes [expr {[info exists ::env(EDQA_LANES)] ? $::env(EDQA_LANES) : 1}]

foreach {project top source} {
  edqa_accelerator       EdqaAccelerator       edqa_top.cpp
  noisyquant_accelerator NoisyQuantAccelerator noisyquant_top.cpp
} {
  open_project -reset $project
  set_top $top
  add_files $source -cflags "-I.. -std=c++11 -DEDQA_UNITS=$units -DEDQA_LANES=$lanes"
  open_solution -reset pynq_z1_200mhz
  set_part $part
  create_clock -period $clock_ns -name default
  config_rtl -reset all -reset_level high
  csynth_design
  export_design -format ip_catalog -vendor edqa -library hls -version 1.0 -description "$top (eDQA CoDesign)"
  close_project
}
exit
