#include "csgio.h"
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <scsi/sg.h>

int csgio_execute(int fd, const uint8_t *cdb, uint8_t cdb_length, enum csgio_direction direction, void *data,
                  uint32_t data_length, uint8_t *sense, uint8_t sense_capacity, uint32_t timeout_ms,
                  csgio_result *result) {
    sg_io_hdr_t hdr;
    memset(&hdr, 0, sizeof hdr);
    memset(result, 0, sizeof *result);
    hdr.interface_id = 'S';
    hdr.cmdp = (unsigned char *)cdb;
    hdr.cmd_len = cdb_length;
    switch (direction) {
    case CSGIO_TO_DEVICE: hdr.dxfer_direction = SG_DXFER_TO_DEV; break;
    case CSGIO_FROM_DEVICE: hdr.dxfer_direction = SG_DXFER_FROM_DEV; break;
    default: hdr.dxfer_direction = SG_DXFER_NONE; break;
    }
    hdr.dxferp = data_length ? data : NULL;
    hdr.dxfer_len = data_length;
    hdr.sbp = sense;
    hdr.mx_sb_len = sense_capacity;
    hdr.timeout = timeout_ms;
    if (ioctl(fd, SG_IO, &hdr) < 0) {
        result->ioctl_errno = errno;
        return -1;
    }
    result->status = hdr.status;
    result->host_status = hdr.host_status;
    result->driver_status = hdr.driver_status;
    result->sense_length = hdr.sb_len_wr;
    result->residual = hdr.resid;
    result->duration_ms = hdr.duration;
    result->info = hdr.info;
    return 0;
}

int csgio_version(int fd, int *version) {
    if (ioctl(fd, SG_GET_VERSION_NUM, version) < 0) return -1;
    return 0;
}
