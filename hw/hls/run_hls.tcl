# Vivado HLS 2019.2 (the last Xilinx HLS that synthesizes SystemC): C synthesis of the accelerators for the PYNQ-Z1
# (xc7z020clg400-1) at 200 MHz, each exported as an IP-XACT core for a Vivado block design (each with an AXI DMA on
# din/dout, as in the authors' design).
#   cd hw/hls && vivado_hls -f run_hls.tcl        (or: make hls)
# The eDQA tops are plain SC_MODULEs, one per configuration (hw/edqa_tops.sc.h): one solution each, named after the
# configuration, in the project edqa_accelerator. Interfaces and loop pragmas live in the sources behind HLS_PRAGMA
# (hw/edqa_hw_config.h); this script only sets up the projects. Each solution's driver header (for
# `edqa board map --from`) lands in
#   <project>/<solution>/impl/ip/drivers/<top>_v1_0/src/x<top>_hw.h
# EDQA_CONFIGURATIONS (e.g. "1x1 2x2") limits the eDQA solutions; by default every configuration the docs quote.
set part xc7z020clg400-1
set clock_ns 5
set configurations {1x1 2x1 4x1 1x2 2x2 4x2}
if {[info exists ::env(EDQA_CONFIGURATIONS)]} { set configurations $::env(EDQA_CONFIGURATIONS) }

proc synthesize {top solution part clock_ns} {
  set_top $top
  open_solution -reset $solution
  set_part $part
  create_clock -period $clock_ns -name default
  config_rtl -reset all -reset_level high
  csynth_design
  export_design -format ip_catalog -vendor edqa -library hls -version 1.0 -description "$top (eDQA CoDesign)"
}

open_project -reset edqa_accelerator
add_files edqa_top.cpp -cflags "-I.. -std=c++11"
foreach configuration $configurations {
  synthesize EdqaAccelerator$configuration pynq_z1_200mhz_$configuration $part $clock_ns
}
close_project

open_project -reset noisyquant_accelerator
add_files noisyquant_top.cpp -cflags "-I.. -std=c++11"
synthesize NoisyQuantAccelerator pynq_z1_200mhz $part $clock_ns
close_project
exit
