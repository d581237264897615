package vn.tipline.account;

/**
 * What an account may see: its units' tips, its province's, or everything. COMMUNICATIONS staff
 * draft awareness campaigns and see no tip at all.
 */
public enum Role {
    OFFICER, SUPERVISOR, ADMIN, COMMUNICATIONS;

    public String authority() {
        return "ROLE_" + name();
    }
}
