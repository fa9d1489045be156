package io.kindling.kit.containment;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The POSIX access ACL of a directory used as a gate: its owner may do anything, each named user may enter, read and
 * write, and its group and everyone else nothing (the ACL's group entry is empty, whatever the mode's group bits say:
 * those become the ACL's mask). Written whole through the kernel's {@code system.posix_acl_access} attribute, which
 * no JDK API sets; callers serialize changes to one directory ({@link HostLock}).
 */
final class PosixAcls {

    private static final String ACCESS = "system.posix_acl_access";
    private static final int VERSION = 2;
    private static final short USER_OBJ = 0x01;
    private static final short USER = 0x02;
    private static final short GROUP_OBJ = 0x04;
    private static final short MASK = 0x10;
    private static final short OTHER = 0x20;
    private static final short RWX = 7;
    private static final int NO_ID = -1;
    private static final int ENODATA = 61;
    private static final int ENOTSUP = 95;
    private static final int ERANGE = 34;

    /** The C library's extended attribute calls. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        // the l- calls: a link is never followed (a gate is a directory of the install's, never a link)
        long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

        int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;
    }

    private PosixAcls() {
    }

    /** The users {@code dir}'s ACL names (none when it has no ACL of its own). */
    static Set<Long> users(Path dir) {
        Set<Long> users = new TreeSet<>();
        ByteBuffer acl = read(dir);
        if (acl == null) {
            return users;
        }
        acl.getInt();
        while (acl.remaining() >= 8) {
            short tag = acl.getShort();
            acl.getShort();
            int id = acl.getInt();
            if (tag == USER) {
                users.add(Integer.toUnsignedLong(id));
            }
        }
        return users;
    }

    /** Makes {@code dir} a gate that only its owner and {@code users} pass. */
    static void gate(Path dir, Set<Long> users) {
        ByteBuffer acl = ByteBuffer.allocate(4 + 8 * (4 + users.size())).order(ByteOrder.LITTLE_ENDIAN);
        acl.putInt(VERSION);
        entry(acl, USER_OBJ, RWX, NO_ID);
        // named entries in the kernel's order: by id
        new TreeSet<>(users).forEach(uid -> entry(acl, USER, RWX, (int) (long) uid));
        entry(acl, GROUP_OBJ, (short) 0, NO_ID);
        entry(acl, MASK, RWX, NO_ID);
        entry(acl, OTHER, (short) 0, NO_ID);
        try {
            LibC.INSTANCE.lsetxattr(dir.toString(), ACCESS, acl.array(), acl.capacity(), 0);
        } catch (LastErrorException e) {
            throw new IllegalStateException(e.getErrorCode() == ENOTSUP
                    ? "the file system of " + dir + " has no POSIX ACLs, which isolated user code needs for datastores"
                    : "could not set the ACL of " + dir + " (errno " + e.getErrorCode() + ")", e);
        }
    }

    private static void entry(ByteBuffer acl, short tag, short perm, int id) {
        acl.putShort(tag).putShort(perm).putInt(id);
    }

    private static ByteBuffer read(Path dir) {
        byte[] value = new byte[4 + 8 * 64];
        while (true) {
            try {
                long size = LibC.INSTANCE.lgetxattr(dir.toString(), ACCESS, value, value.length);
                return ByteBuffer.wrap(value, 0, (int) size).order(ByteOrder.LITTLE_ENDIAN);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENODATA || e.getErrorCode() == ENOTSUP) {
                    return null;
                }
                if (e.getErrorCode() != ERANGE) {
                    throw new IllegalStateException("could not read the ACL of " + dir + " (errno "
                            + e.getErrorCode() + ")", e);
                }
                value = new byte[value.length * 4];
            }
        }
    }
}
