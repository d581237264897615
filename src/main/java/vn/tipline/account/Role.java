package vn.tipline.account;

/** What an account may see: its units' tips, its province's, or everything. */
public enum Role {
    OFFICER, SUPERVISOR, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
