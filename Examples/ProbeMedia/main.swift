import MMC
import VirtualDrive
print("probe")
