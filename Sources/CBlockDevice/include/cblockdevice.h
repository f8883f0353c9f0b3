#ifndef CBLOCKDEVICE_H
#define CBLOCKDEVICE_H
/* The block-device ioctls and flags Swift cannot reach (variadic ioctl, O_DIRECT behind _GNU_SOURCE), nothing else.
 * Every function returns 0 on success or -1 with errno set. */
#include <stdint.h>

/* BLKROGET: *read_only = 1 when the kernel marks the device read-only (e.g. the SD card lock switch). */
int cblock_read_only(int fd, int *read_only);
/* BLKGETSIZE64: the device size in bytes. */
int cblock_size_bytes(int fd, uint64_t *size_bytes);
/* BLKSSZGET: the logical sector size in bytes. */
int cblock_logical_sector_bytes(int fd, int *sector_bytes);
/* BLKFLSBUF: write back and drop the device's buffer cache. */
int cblock_flush_buffers(int fd);
/* BLKRRPART: make the kernel re-read the partition table. */
int cblock_reread_partitions(int fd);
/* The O_DIRECT open flag of this platform. */
int cblock_o_direct(void);
/* Clears O_DIRECT on an open fd (the unaligned tail of an image is written through the page cache). */
int cblock_clear_direct(int fd);
/* major(3) / minor(3) of a device number (macros in glibc). */
unsigned int cblock_major(uint64_t device);
unsigned int cblock_minor(uint64_t device);

#endif
