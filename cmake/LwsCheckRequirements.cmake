# Helpers for projects (such as upstream's minimal examples) that check which
# features the installed libwebsockets was configured with:
#
#   include(CheckCSourceCompiles)
#   include(CheckIncludeFile)
#   list(APPEND CMAKE_MODULE_PATH ${LWS_CMAKE_DIR})
#   include(LwsCheckRequirements)
#   set(requirements 1)
#   require_lws_config(LWS_ROLE_WS 1 requirements)
#   require_pthreads(requirements)
#
# require_lws_config(<macro> <wanted 0|1> <result-var>): the project needs
# lws_config.h to define <macro> (wanted 1) or not to define it (wanted 0).
# Outside an lws source build, an unmet requirement is a configure error.
# Inside one (LWS_WITH_MINIMAL_EXAMPLES), it sets <result-var> to 0 so that
# the caller skips itself.

include(CheckCSourceCompiles)
include(CheckIncludeFile)

macro(require_lws_config _lws_macro _lws_want _lws_result)
  if(LWS_WITH_MINIMAL_EXAMPLES)
    # In-tree: the CMake variable of the same name says what is configured.
    if(DEFINED ${_lws_macro} AND ${${_lws_macro}})
      set(_lws_have 1)
    else()
      set(_lws_have 0)
    endif()
  else()
    set(_lws_saved_includes "${CMAKE_REQUIRED_INCLUDES}")
    if(LIBWEBSOCKETS_INCLUDE_DIRS)
      list(APPEND CMAKE_REQUIRED_INCLUDES ${LIBWEBSOCKETS_INCLUDE_DIRS})
    endif()
    check_c_source_compiles(
      "#include <libwebsockets.h>\n#if !defined(${_lws_macro})\n#error not configured\n#endif\nint main(void) { return 0; }\n"
      HAS_${_lws_macro})
    set(CMAKE_REQUIRED_INCLUDES "${_lws_saved_includes}")
    if(HAS_${_lws_macro})
      set(_lws_have 1)
    else()
      set(_lws_have 0)
    endif()
  endif()

  if("${_lws_want}")
    set(_lws_want_b 1)
  else()
    set(_lws_want_b 0)
  endif()

  if(NOT _lws_have EQUAL _lws_want_b)
    if(LWS_WITH_MINIMAL_EXAMPLES)
      if(_lws_want_b)
        message("${SAMP}: skipped, libwebsockets is configured without ${_lws_macro}")
      else()
        message("${SAMP}: skipped, libwebsockets is configured with ${_lws_macro}")
      endif()
      set(${_lws_result} 0)
    elseif(_lws_want_b)
      message(FATAL_ERROR "This project needs libwebsockets configured with ${_lws_macro}")
    else()
      message(FATAL_ERROR "This project cannot use libwebsockets configured with ${_lws_macro}")
    endif()
  endif()
endmacro()

# require_pthreads(<result-var>): needs pthread.h; sets PTHREAD_LIB.
macro(require_pthreads _lws_result)
  check_include_file(pthread.h LWS_HAVE_PTHREAD_H)
  if(LWS_HAVE_PTHREAD_H)
    set(PTHREAD_LIB pthread)
  elseif(LWS_WITH_MINIMAL_EXAMPLES)
    message("${SAMP}: skipped, no pthreads")
    set(${_lws_result} 0)
  else()
    message(FATAL_ERROR "This project needs pthreads")
  endif()
endmacro()
