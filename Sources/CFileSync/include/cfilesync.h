#ifndef CFILESYNC_H
#define CFILESYNC_H
/* sync_file_range(2), which Swift's Glibc module does not expose (it sits behind _GNU_SOURCE), nothing else. */
#include <stdint.h>

/* Starts write-back of the dirty pages of bytes offset ..< offset + length of fd without waiting for it
 * (SYNC_FILE_RANGE_WRITE): a later fsync finds them written or under way. Durability still needs fsync.
 * Returns 0, or -1 with errno set; 0 and nothing done where the call does not exist (not Linux). */
int cfilesync_start_writeback(int fd, int64_t offset, int64_t length);

#endif
