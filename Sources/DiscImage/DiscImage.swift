import CCdio
