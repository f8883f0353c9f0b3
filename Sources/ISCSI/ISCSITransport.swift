import SCSI
import CLibiscsi
