# Runs the standalone runner on tests/vectors/layer.npy and checks its .edqa is byte-identical to the golden
# model's layer.edqa, then that its de-quantization equals the golden model's (through the runner's own reader).
execute_process(COMMAND ${RUNNER} quantize --input ${VECTORS}/layer.npy --bits 3 --extra-bits 3 --important 0,2
                        --output ${WORK}/runner_layer.edqa RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "edqa-sim quantize failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/runner_layer.edqa ${VECTORS}/layer.edqa RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "the runner's .edqa differs from the golden model's tests/vectors/layer.edqa")
endif()
execute_process(COMMAND ${RUNNER} dequantize --input ${VECTORS}/layer.edqa --output ${WORK}/runner_layer.npy RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "edqa-sim dequantize failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/runner_layer.npy ${VECTORS}/layer.dequantized.npy RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "the runner's de-quantization differs from the golden model's tests/vectors/layer.dequantized.npy")
endif()
execute_process(COMMAND ${RUNNER} quantize --input ${VECTORS}/layer.npy --bits 9 --extra-bits 3 --important 0
                        --output ${WORK}/bad.edqa RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "a bad option should exit 2, got ${rc}: ${err}")
endif()
