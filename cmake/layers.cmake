# cmake -DSOURCE_DIR=DIR [-DSTAMP=FILE] -P cmake/layers.cmake
# Fails when a file includes a header of a layer above its own. The layers, bottom up, are the
# folders of src/ and include/ebb/ (docs/design.md); a file may include its own layer's headers
# and those below. Run at build time (the ebb_layers target) and by tests/e2e/layers.sh.
set(layers util core store exchange cli)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=DIR [-DSTAMP=FILE] -P layers.cmake")
endif()
set(problems "")
set(checked 0)
foreach(own ${layers})
  list(FIND layers ${own} own_rank)
  file(GLOB_RECURSE files ${SOURCE_DIR}/src/${own}/*.cpp ${SOURCE_DIR}/src/${own}/*.hpp
       ${SOURCE_DIR}/include/ebb/${own}/*.hpp)
  foreach(file ${files})
    math(EXPR checked "${checked} + 1")
    file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line ${includes})
      string(REGEX REPLACE "^[^\"]*\"([^\"]*)\".*$" "\\1" header "${line}")
      set(target "")
      if(header MATCHES "^ebb/([a-z_]+)/")  # a public header: ebb/<layer>/x.hpp
        set(target ${CMAKE_MATCH_1})
      elseif(header MATCHES "^\\.\\./([a-z_]+)/")  # a private one, reached from beside
        set(target ${CMAKE_MATCH_1})
      elseif(header MATCHES "^ebb/[^/]+$")  # a header outside every layer folder
        string(APPEND problems "  ${file}: ${header} is in no layer (include/ebb/<layer>/)\n")
        continue()
      endif()
      if(target STREQUAL "" OR target STREQUAL "data")  # same folder; generated tables
        continue()
      endif()
      list(FIND layers ${target} target_rank)
      if(target_rank EQUAL -1)
        continue()
      endif()
      if(target_rank GREATER own_rank)
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
        string(APPEND problems
               "  ${rel} (${own}) includes ${header} (${target}, a layer above)\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "layers: no files under ${SOURCE_DIR}/src/<layer>/: nothing checked")
endif()
if(NOT problems STREQUAL "")
  message(FATAL_ERROR "An include points up a layer (util < core < store < exchange < cli; "
          "docs/design.md):\n${problems}Move the code down, or pass what it needs in as a value.")
endif()
if(STAMP)
  file(TOUCH ${STAMP})
endif()
