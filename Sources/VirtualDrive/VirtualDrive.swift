import SCSI
import MMC
