# Builds one test against our install.  Invoked at build time as
#   cmake -DCC=.. -DSRC=.. -DOUT=.. -DINC=<ours include> -DTESTS_DIR=..
#         -DLIB=<ours lib/libwebsockets.so> -DLIBDIR=.. -DSTRICT=ON|OFF
#         -DFLAGS=<;-list> -P build_ours.cmake
# In non-strict mode a test that does not compile or link against our
# install (missing declaration, missing export) does not stop the build:
# OUT becomes a script that prints the compiler's complaint and exits 1, so
# that exactly the ours test (and its transcript) fail, naming the cause.
set(_log "${OUT}.buildlog")
file(REMOVE "${OUT}" "${_log}")
execute_process(
  COMMAND "${CC}" ${FLAGS} -Werror=implicit-function-declaration
          -I "${TESTS_DIR}" -I "${INC}" "${SRC}" -o "${OUT}"
          "${LIB}" "-Wl,--disable-new-dtags" "-Wl,-rpath,${LIBDIR}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
if(_rc EQUAL 0)
  if(_out)
    message("${_out}")
  endif()
  return()
endif()
file(WRITE "${_log}" "${_out}")
if(STRICT)
  message(FATAL_ERROR "${SRC} does not build against our install:\n${_out}")
endif()
message(WARNING "${SRC} does not build against our install; its ours test will fail:\n${_out}")
file(WRITE "${OUT}"
"#!/bin/sh
echo '${SRC} did not build against our install (${INC}):' >&2
cat '${_log}' >&2
exit 1
")
file(CHMOD "${OUT}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
     GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
