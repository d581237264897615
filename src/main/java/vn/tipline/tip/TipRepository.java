package vn.tipline.tip;

import org.springframework.data.mongodb.repository.MongoRepository;

import java.util.Optional;

interface TipRepository extends MongoRepository<Tip, String> {

    Optional<Tip> findByCode(String code);

    Optional<Tip> findBySubmissionKey(String submissionKey);

}
