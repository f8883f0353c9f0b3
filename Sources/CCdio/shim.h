/* libcdio, libiso9660 and libudf (Debian: libcdio-dev, libiso9660-dev, libudf-dev). */
#include <cdio/cdio.h>
#include <cdio/mmc.h>
#include <cdio/iso9660.h>
#include <cdio/udf.h>
