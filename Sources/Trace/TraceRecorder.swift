import SCSI
