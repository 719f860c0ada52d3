;; Festival side of festivalTimings.mjs: synthesises many utterances in one
;; festival process and prints each one's segments.
;;
;; Usage: festival --batch festival_segments.scm BATCH.scm
;; where BATCH.scm holds one call per utterance:
;;   (mouthpiece.synth INDEX "VOICE" "OUT.wav" "TEXT")
;; (VOICE without the voice_ prefix, e.g. "kal_diphone"; TEXT in the voice's
;; encoding). Output, one tab-separated line each, prefixed MP so festival's
;; own messages can be told apart:
;;   MP BEGIN INDEX
;;   MP WAVE SAMPLE_RATE SAMPLES
;;   MP SEG NAME START END VC STRESS WORD_INDEX   (per Segment item; VC is
;;        ph_vc, STRESS the syllable's stress, WORD_INDEX 0 for pauses)
;;   MP WORD WORD_INDEX START NAME                 (per Word item)
;;   MP END INDEX            or    MP ERROR INDEX MESSAGE
;; A failing utterance prints ERROR and the batch goes on.

(defvar mouthpiece.voice nil)

(define (mouthpiece.line . fields)
  (format t "MP")
  (mapcar (lambda (f) (format t "\t%s" f)) fields)
  (format t "\n"))

(define (mouthpiece.select voice)
  (if (not (equal? voice mouthpiece.voice))
      (begin
        (eval (list (intern (string-append "voice_" voice))))
        (set! mouthpiece.voice voice))))

(define (mouthpiece.segments utt)
  (let ((words (utt.relation.items utt 'Word)) (k 0))
    (mapcar
     (lambda (w)
       (set! k (+ k 1))
       (item.set_feat w "mouthpiece_index" k)
       (mouthpiece.line "WORD" k
                        (item.feat w "R:SylStructure.daughter1.daughter1.segment_start")
                        (item.name w)))
     words))
  (mapcar
   (lambda (s)
     (mouthpiece.line "SEG" (item.name s)
                      (item.feat s "segment_start")
                      (item.feat s "end")
                      (item.feat s "ph_vc")
                      (item.feat s "R:SylStructure.parent.stress")
                      (item.feat s "R:SylStructure.parent.parent.R:Word.mouthpiece_index")))
   (utt.relation.items utt 'Segment)))

(define (mouthpiece.run index voice wav text)
  (if (not (member_string voice (mapcar (lambda (v) (format nil "%s" v)) (voice.list))))
      (mouthpiece.line "ERROR" index "unknown voice")
      (begin
        (mouthpiece.select voice)
        (let ((utt (utt.synth (eval (list (quote Utterance) (quote Text) text)))))
          (utt.save.wave utt wav 'riff)
          (mouthpiece.line "BEGIN" index)
          (mouthpiece.line "WAVE" (wave.info.rate (utt.wave utt)) (wave.info.samples (utt.wave utt)))
          (mouthpiece.segments utt)
          (mouthpiece.line "END" index)))))

(define (wave.info.rate w) (cadr (assoc 'sample_rate (wave.info w))))
(define (wave.info.samples w) (cadr (assoc 'num_samples (wave.info w))))

(defvar mouthpiece.done nil)

(define (mouthpiece.synth index voice wav text)
  (set! mouthpiece.done nil)
  (unwind-protect
   (begin
     (mouthpiece.run index voice wav text)
     (set! mouthpiece.done t))
   ;; SIOD runs this form after an error (the batch then goes on)
   (if (not mouthpiece.done)
       (begin
         (set! mouthpiece.voice nil) ; a half-selected voice is reselected next time
         (mouthpiece.line "ERROR" index "synthesis failed (festival's message is on stderr)")))))
