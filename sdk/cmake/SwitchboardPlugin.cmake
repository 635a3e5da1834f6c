# switchboard_add_plugin(<target> ID <plugin.id> SOURCES <files...> [LIBRARIES <libs...>])
#
# Builds a plugin as a MODULE library named "<plugin.id>.so" with hidden
# visibility, so only sb_plugin_entry_v1 is exported. In the Switchboard tree it
# lands in build/lib/switchboard/plugins/; out of tree, in the caller's build dir.
function(switchboard_add_plugin target)
  cmake_parse_arguments(ARG "" "ID" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_ID)
    message(FATAL_ERROR "switchboard_add_plugin(${target}): ID is required")
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Switchboard::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${ARG_ID}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(SWITCHBOARD_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${SWITCHBOARD_PLUGIN_OUTPUT_DIR}")
  endif()
  if(SWITCHBOARD_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION "${SWITCHBOARD_PLUGIN_INSTALL_DIR}")
  endif()
  # -Wl,--no-undefined: a plugin must link everything it uses, so a missing
  # symbol fails the build instead of the server's dlopen.
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
endfunction()
