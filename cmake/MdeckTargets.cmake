# Helpers that give every ModelDeck target the same language level, warnings,
# sanitizers and alias. Core targets may not link Qt: the fence is checked here.

set(MDECK_OPENBLAS_DIR "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-openmp"
    CACHE PATH "Folder whose libblas.so.3 the programs load first")

function(_mdeck_common_settings target)
    target_compile_features(${target} PUBLIC cxx_std_20)
    set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF
                                               CXX_VISIBILITY_PRESET hidden
                                               VISIBILITY_INLINES_HIDDEN ON)
    target_compile_options(${target} PRIVATE -Wall -Wextra)
    if(MDECK_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(MDECK_SANITIZE)
        target_compile_options(${target} PUBLIC -fsanitize=address,undefined -fno-omit-frame-pointer
                                                -fno-sanitize-recover=undefined)
        target_link_options(${target} PUBLIC -fsanitize=address,undefined)
    endif()
endfunction()

function(_mdeck_blas_rpath target)
    # DT_RPATH (not RUNPATH) also applies to LibTorch's own dependencies, so
    # the programs load OpenBLAS even when the system's libblas.so.3
    # alternative points at the reference BLAS.
    if(EXISTS "${MDECK_OPENBLAS_DIR}")
        target_link_options(${target} PRIVATE "-Wl,--disable-new-dtags"
                                              "-Wl,-rpath,${MDECK_OPENBLAS_DIR}")
    endif()
endfunction()

# mdeck_add_library(name [CORE] [QT] SOURCES ... DEPENDS ... PRIVATE_DEPENDS ...)
function(mdeck_add_library name)
    cmake_parse_arguments(ARG "CORE;QT;INTERFACE" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
    if(ARG_CORE)
        foreach(dep IN LISTS ARG_DEPENDS ARG_PRIVATE_DEPENDS)
            if(dep MATCHES "^Qt" OR dep MATCHES "QCustomPlot")
                message(FATAL_ERROR "core target ${name} may not link ${dep}: core has no Qt")
            endif()
        endforeach()
    endif()
    string(REGEX REPLACE "^mdeck_" "" short "${name}")
    if(ARG_INTERFACE)
        add_library(${name} INTERFACE)
        target_include_directories(${name} INTERFACE "${PROJECT_SOURCE_DIR}")
        target_link_libraries(${name} INTERFACE ${ARG_DEPENDS})
        target_compile_features(${name} INTERFACE cxx_std_20)
    else()
        add_library(${name} STATIC ${ARG_SOURCES})
        _mdeck_common_settings(${name})
        target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}" "${PROJECT_BINARY_DIR}/generated")
        target_link_libraries(${name} PUBLIC ${ARG_DEPENDS} PRIVATE ${ARG_PRIVATE_DEPENDS})
        set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
        if(ARG_QT)
            target_compile_definitions(${name} PUBLIC QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII)
            set_target_properties(${name} PROPERTIES AUTOMOC ON AUTORCC ON)
        endif()
    endif()
    add_library(mdeck::${short} ALIAS ${name})
endfunction()

# mdeck_add_executable(name [QT] SOURCES ... LINK ...)
function(mdeck_add_executable name)
    cmake_parse_arguments(ARG "QT" "" "SOURCES;LINK" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    _mdeck_common_settings(${name})
    _mdeck_blas_rpath(${name})
    target_link_libraries(${name} PRIVATE ${ARG_LINK})
    if(ARG_QT)
        target_compile_definitions(${name} PRIVATE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII)
        set_target_properties(${name} PROPERTIES AUTOMOC ON AUTORCC ON)
    endif()
endfunction()

# mdeck_add_test(name [GUI] [SLOW] SOURCES ... LINK ... [TIMEOUT s] [LABELS ...])
function(mdeck_add_test name)
    cmake_parse_arguments(ARG "GUI;SLOW" "TIMEOUT" "SOURCES;LINK;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    _mdeck_common_settings(${name})
    _mdeck_blas_rpath(${name})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LINK})
    target_compile_definitions(${name} PRIVATE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII
        MDECK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
        MDECK_BINARY_DIR="${PROJECT_BINARY_DIR}")
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    add_test(NAME ${name} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen" "OMP_NUM_THREADS=1"
            "HOME=${PROJECT_BINARY_DIR}/test-home" "XDG_RUNTIME_DIR=${PROJECT_BINARY_DIR}/test-home/run")
    if(MDECK_SANITIZE)
        list(APPEND env "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"
                        "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
    endif()
    set(labels ${ARG_LABELS})
    if(ARG_GUI)
        list(APPEND labels gui)
    endif()
    if(ARG_SLOW)
        list(APPEND labels slow)
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT}
                                            LABELS "${labels}")
endfunction()
