# What `cmake --install` puts in the prefix: the tools (bin/), the public
# headers with the TableGen'd .inc files (include/mdf), the libraries
# (lib/) and a CMake package (lib/cmake/mdf: MDFConfig.cmake with the
# MDF:: targets), so that another project can find_package(MDF).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MDF_EXPORTED_LIBRARIES MDFSupport MDFDialect MDFTransforms MDFBackendUtils
  MDFCPUBackend MDFCUDABackend MDFToLinalg
  MDFPipelines MDFJson MDFNativeEmitter MDFTorchScriptClient MDFRegistration
  MDFTranslationRegistration MDFModelLoader MDFGraphRunner MDFJit)
set(MDF_INSTALLED_TOOLS mdf-opt mdf-translate mdf-compile mdf-run)
if(MDF_ENABLE_TORCHSCRIPT)
  list(APPEND MDF_INSTALLED_TOOLS mdf-import-torchscript)
endif()

install(TARGETS ${MDF_EXPORTED_LIBRARIES}
  EXPORT MDFTargets
  COMPONENT mdf-libraries
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The installed tools find libMLIR.so and libLLVM.so where they were built
# against (Debian's /usr/lib/llvm-22/lib).
set_target_properties(${MDF_INSTALLED_TOOLS} PROPERTIES
  INSTALL_RPATH "\$ORIGIN/../${CMAKE_INSTALL_LIBDIR};${LLVM_LIBRARY_DIR}")
install(TARGETS ${MDF_INSTALLED_TOOLS}
  COMPONENT mdf-tools
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mdf
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT mdf-headers
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/mdf
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT mdf-headers
  FILES_MATCHING PATTERN "*.inc"
  PATTERN "CMakeFiles" EXCLUDE)

set(MDF_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mdf)
install(EXPORT MDFTargets
  NAMESPACE MDF::
  DESTINATION ${MDF_CMAKE_PACKAGE_DIR}
  COMPONENT mdf-libraries)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/MDFConfig.cmake.in
  ${PROJECT_BINARY_DIR}/lib/cmake/mdf/MDFConfig.cmake
  INSTALL_DESTINATION ${MDF_CMAKE_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/lib/cmake/mdf/MDFConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/lib/cmake/mdf/MDFConfig.cmake
  ${PROJECT_BINARY_DIR}/lib/cmake/mdf/MDFConfigVersion.cmake
  DESTINATION ${MDF_CMAKE_PACKAGE_DIR}
  COMPONENT mdf-libraries)
