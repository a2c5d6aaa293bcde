# Vivado HLS 2019.2 (the last Xilinx HLS that synthesizes SystemC): C synthesis of the eDQA accelerator for the
# PYNQ-Z1 (xc7z020clg400-1) at 200 MHz, exported as an IP-XACT core for a Vivado block design (with an AXI DMA
# on din/dout, as in the authors' design).
#   cd hw/hls && vivado_hls -f run_hls.tcl        (or: make hls)
# Interfaces and loop pragmas live in the sources behind HLS_PRAGMA (hw/edqa_hw_config.h); this script only sets
# up the project.
set part xc7z020clg400-1
set clock_ns 5

open_project -reset edqa_accelerator
set_top EdqaAccelerator
add_files edqa_top.cpp -cflags "-I.."
open_solution -reset pynq_z1_200mhz
set_part $part
create_clock -period $clock_ns -name default
config_rtl -reset all -reset_level high
csynth_design
export_design -format ip_catalog -vendor edqa -library hls -version 1.0 -description "eDQA quantizer / Huffman codec / de-quantizer"
exit
