#define _GNU_SOURCE
#include "cblockdevice.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <sys/sysmacros.h>

int cblock_read_only(int fd, int *read_only) { return ioctl(fd, BLKROGET, read_only); }

int cblock_size_bytes(int fd, uint64_t *size_bytes) { return ioctl(fd, BLKGETSIZE64, size_bytes); }

int cblock_logical_sector_bytes(int fd, int *sector_bytes) { return ioctl(fd, BLKSSZGET, sector_bytes); }

int cblock_flush_buffers(int fd) { return ioctl(fd, BLKFLSBUF, 0); }

int cblock_reread_partitions(int fd) { return ioctl(fd, BLKRRPART, 0); }

int cblock_o_direct(void) { return O_DIRECT; }

int cblock_clear_direct(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags & ~O_DIRECT);
}

unsigned int cblock_major(uint64_t device) { return major(device); }

unsigned int cblock_minor(uint64_t device) { return minor(device); }
