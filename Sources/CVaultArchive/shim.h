// libarchive (zip for evidence bundles, ustar for key-store backups), seen from Swift. Only
// VaultBundle imports this module (ArchiveWriter, ArchiveReader).
#ifndef CVAULT_ARCHIVE_SHIM_H
#define CVAULT_ARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

// AE_IFREG is a cast macro, which Swift does not import.
static inline unsigned int cvault_archive_regular_file(void) { return AE_IFREG; }
static inline unsigned int cvault_archive_directory(void) { return AE_IFDIR; }
#endif
