package com.hotelchat.db.desk;

/**
 * A department's queue settings: auto-assignment (off by default) and its cap of open conversations per member, and
 * how long a guest may wait for an answer before the department is alerted.
 */
public record DepartmentSettings(long id, String name, boolean autoAssign, int autoAssignCap, int waitingAlertSeconds) {

    public static final int MAX_CAP = 1000;
    public static final int MIN_ALERT_SECONDS = 5;
    public static final int MAX_ALERT_SECONDS = 604800;
}
