package vn.tipline.account;

/**
 * How many of an officer's tips have answers from reporters they have not read. The tip desk
 * counts them; the account's "who am I" shows the count, without depending on the tip desk.
 */
public interface UnreadAnswers {

    long unreadAnswers(Officer officer);
}
