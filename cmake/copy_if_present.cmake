# cmake -DSOURCE=<dir> -DTARGET=<dir> -P copy_if_present.cmake
# Copies the contents of SOURCE into TARGET when SOURCE exists; nothing otherwise.
if(IS_DIRECTORY "${SOURCE}")
  file(COPY "${SOURCE}/" DESTINATION "${TARGET}")
endif()
