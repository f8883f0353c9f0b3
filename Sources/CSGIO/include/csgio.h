#ifndef CSGIO_H
#define CSGIO_H
/* The SG_IO ioctl for Swift (which cannot call the variadic ioctl), and nothing else. */
#include <stdint.h>
#include <stddef.h>

enum csgio_direction { CSGIO_NONE = 0, CSGIO_TO_DEVICE = 1, CSGIO_FROM_DEVICE = 2 };

typedef struct csgio_result {
    int ioctl_errno;        /* 0 when the ioctl itself succeeded */
    uint8_t status;         /* SCSI status byte (masked_status << 1 is not used: this is the full byte) */
    uint16_t host_status;   /* DID_* from the host adapter, 0 = OK */
    uint16_t driver_status; /* DRIVER_* from the mid level; DRIVER_SENSE (0x08) alone is not an error */
    uint8_t sense_length;   /* bytes written to sense */
    int32_t residual;       /* requested minus transferred */
    uint32_t duration_ms;   /* as measured by the kernel */
    uint32_t info;          /* SG_INFO_* bits */
} csgio_result;

/* Runs one command on an open sg-capable fd. Returns 0 if the ioctl ran (look at result for the outcome), -1 with
 * result->ioctl_errno set if it did not. */
int csgio_execute(int fd, const uint8_t *cdb, uint8_t cdb_length, enum csgio_direction direction, void *data,
                  uint32_t data_length, uint8_t *sense, uint8_t sense_capacity, uint32_t timeout_ms,
                  csgio_result *result);

/* SG_GET_VERSION_NUM: >= 30000 on an sg-capable device; -1 with errno otherwise (e.g. /dev/null → ENOTTY). */
int csgio_version(int fd, int *version);

#endif
