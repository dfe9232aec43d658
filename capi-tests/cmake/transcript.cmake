# Runs one test's oracle, ours and dropin variants (without valgrind) and
# passes only if the stdout of ours and dropin equals the oracle's.
# Invoked by ctest as: cmake -DNAME=.. -DORACLE=.. -DOURS=.. -DOURS_LIB_DIR=..
#   -DORACLE_LIB=.. -DOURS_LIB=.. -DOUT_DIR=.. -P transcript.cmake
file(MAKE_DIRECTORY "${OUT_DIR}")

function(run_variant mode exe expect_lib)
  set(_env --unset=LD_PRELOAD "LWS_EXPECT_LIB=${expect_lib}" LD_BIND_NOW=1)
  if(mode STREQUAL "dropin")
    list(APPEND _env "LD_LIBRARY_PATH=${OURS_LIB_DIR}")
  else()
    list(PREPEND _env --unset=LD_LIBRARY_PATH)
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${_env} "${exe}"
                  RESULT_VARIABLE _rc
                  OUTPUT_FILE "${OUT_DIR}/${NAME}.${mode}.out"
                  ERROR_FILE "${OUT_DIR}/${NAME}.${mode}.err")
  set(rc_${mode} "${_rc}" PARENT_SCOPE)
endfunction()

run_variant(oracle "${ORACLE}" "${ORACLE_LIB}")
run_variant(ours   "${OURS}"   "${OURS_LIB}")
run_variant(dropin "${ORACLE}" "${OURS_LIB}")

message(STATUS "exit codes: oracle=${rc_oracle} ours=${rc_ours} dropin=${rc_dropin}")
if(NOT rc_oracle EQUAL 0)
  message(STATUS "oracle stderr:")
  file(READ "${OUT_DIR}/${NAME}.oracle.err" _e)
  message("${_e}")
  message(FATAL_ERROR "the oracle run failed: the test itself is broken")
endif()

file(READ "${OUT_DIR}/${NAME}.oracle.out" _want)
set(_bad "")
foreach(mode ours dropin)
  file(READ "${OUT_DIR}/${NAME}.${mode}.out" _got)
  if(NOT _got STREQUAL _want)
    list(APPEND _bad ${mode})
    message(STATUS "---- ${mode} transcript differs from the oracle's:")
    find_program(_diff diff)
    if(_diff)
      execute_process(COMMAND "${_diff}" -u
                        "${OUT_DIR}/${NAME}.oracle.out"
                        "${OUT_DIR}/${NAME}.${mode}.out")
    else()
      message("${_got}")
    endif()
    file(READ "${OUT_DIR}/${NAME}.${mode}.err" _e)
    if(_e)
      string(SUBSTRING "${_e}" 0 2000 _e)
      message(STATUS "---- ${mode} stderr (first 2000 chars):")
      message("${_e}")
    endif()
  endif()
endforeach()
if(_bad)
  message(FATAL_ERROR "transcript mismatch: ${_bad}")
endif()
message(STATUS "transcripts identical (${OUT_DIR}/${NAME}.*.out)")
