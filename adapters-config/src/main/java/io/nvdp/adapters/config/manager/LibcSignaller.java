package io.nvdp.adapters.config.manager;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** Signals through libc {@code kill(2)}, for images without a {@code kill} program. */
public final class LibcSignaller implements ProcessSignaller {

    private interface CLibrary extends Library {
        int kill(int pid, int sig) throws LastErrorException;
    }

    // Loaded on first use so merely building the command needs no native library.
    private static final class Holder {
        static final CLibrary LIBC = Native.load("c", CLibrary.class);
    }

    @Override
    public void signal(long pid, int signal) {
        try {
            Holder.LIBC.kill(Math.toIntExact(pid), signal);
        } catch (LastErrorException e) {
            throw new ConfigManagerException("error sending signal: kill(" + pid + ", " + signal + ") failed: errno "
                    + e.getErrorCode(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new ConfigManagerException("error sending signal: no kill program and libc is unavailable: "
                    + e.getMessage(), e);
        }
    }
}
