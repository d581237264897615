package vn.tipline.officer;

/** What an account may see: its units' tips, its province's, or everything. */
enum Role {
    OFFICER, SUPERVISOR, ADMIN;

    String authority() {
        return "ROLE_" + name();
    }
}
