// Node-API binding. It talks to the engine only through mouthpiece.h, runs
// anything that scales with input size on libuv's thread pool, and turns
// status codes into JS Errors carrying `code` (the status name).
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "mouthpiece.h"

namespace {

Napi::Error makeError(Napi::Env env, const std::string &code, const std::string &message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, code));
  return err;
}

Napi::Error statusError(Napi::Env env, mp_status status) {
  return makeError(env, mp_status_name(status), mp_last_error());
}

Napi::Float32Array copyToFloat32(Napi::Env env, const float *data, size_t n) {
  Napi::Float32Array arr = Napi::Float32Array::New(env, n);
  if (n > 0) std::memcpy(arr.Data(), data, n * sizeof(float));
  return arr;
}

Napi::Float32Array expectFloat32(const Napi::CallbackInfo &info, size_t index, const char *name) {
  if (info.Length() <= index || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw makeError(info.Env(), "INVALID_ARGUMENT",
                    std::string("Expected Float32Array for ") + name);
  }
  return info[index].As<Napi::Float32Array>();
}

uint32_t expectUint(const Napi::CallbackInfo &info, size_t index, const char *name) {
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw makeError(info.Env(), "INVALID_ARGUMENT", std::string("Expected number for ") + name);
  }
  const double v = info[index].As<Napi::Number>().DoubleValue();
  if (!(v >= 0 && v <= 4294967295.0) || v != static_cast<double>(static_cast<uint32_t>(v))) {
    throw makeError(info.Env(), "INVALID_ARGUMENT",
                    std::string("Expected unsigned integer for ") + name + " but received " +
                        std::to_string(v));
  }
  return static_cast<uint32_t>(v);
}

uint32_t expectRate(const Napi::CallbackInfo &info, size_t index, const char *name) {
  const uint32_t rate = expectUint(info, index, name);
  if (rate < 8000 || rate > 192000) {
    throw makeError(info.Env(), "INVALID_ARGUMENT",
                    std::string("Expected ") + name + " in 8000..192000 Hz but received " + std::to_string(rate));
  }
  return rate;
}

// Reads an optional integer option, naming the field when it is not one.
double optionalInteger(Napi::Env env, const Napi::Object &o, const char *name, double lo, double hi, double dflt) {
  if (!o.Has(name) || o.Get(name).IsUndefined()) return dflt;
  const Napi::Value v = o.Get(name);
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1.0;
  if (!v.IsNumber() || !(d >= lo && d <= hi) || d != static_cast<double>(static_cast<int64_t>(d))) {
    throw makeError(env, "INVALID_ARGUMENT",
                    std::string("Expected integer ") + name + " in " + std::to_string(static_cast<int64_t>(lo)) + ".." +
                        std::to_string(static_cast<int64_t>(hi)) + " but received " +
                        (v.IsNumber() ? std::to_string(d) : std::string(v.ToString().Utf8Value())));
  }
  return d;
}

// Base for one-shot jobs: captures the worker thread's status and message
// (mp_last_error is thread-local, so it must be read in Execute).
class Job : public Napi::AsyncWorker {
 public:
  explicit Job(Napi::Env env) : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void record(mp_status s) {
    status_ = s;
    if (s != MP_OK) message_ = mp_last_error();
  }
  // The C calls never throw, but the binding's own vectors can: map that to
  // a status instead of letting node-addon-api report an anonymous error.
  template <typename Fn>
  void guardedExecute(Fn &&fn) {
    try {
      fn();
    } catch (const std::bad_alloc &) {
      status_ = MP_ERR_OUT_OF_MEMORY;
      message_ = "out of memory";
    } catch (const std::exception &e) {
      status_ = MP_ERR_INTERNAL;
      message_ = std::string("internal error: ") + e.what();
    }
  }
  virtual Napi::Value result(Napi::Env env) = 0;
  void OnOK() override {
    Napi::Env env = Env();
    if (status_ != MP_OK) {
      deferred_.Reject(makeError(env, mp_status_name(status_), message_).Value());
      return;
    }
    deferred_.Resolve(result(env));
  }
  void OnError(const Napi::Error &e) override { deferred_.Reject(e.Value()); }

  Napi::Promise::Deferred deferred_;
  mp_status status_ = MP_OK;
  std::string message_;
};

// Every job copies its input on the JS thread: the caller may detach,
// transfer or resize the ArrayBuffer while the worker runs, and a kept
// reference does not prevent that.
class DecodeWavJob : public Job {
 public:
  DecodeWavJob(Napi::Env env, Napi::Uint8Array bytes)
      : Job(env), bytes_(bytes.Data(), bytes.Data() + bytes.ByteLength()) {}
  ~DecodeWavJob() override { mp_audio_free(audio_); }
  void Execute() override {
    guardedExecute([&] { record(mp_wav_decode(bytes_.data(), bytes_.size(), nullptr, &audio_)); });
  }
  Napi::Value result(Napi::Env env) override {
    mp_audio_info info{};
    mp_audio_get_info(audio_, &info);
    Napi::Object o = Napi::Object::New(env);
    o.Set("samples", copyToFloat32(env, mp_audio_samples(audio_), mp_audio_frame_count(audio_)));
    o.Set("sampleRate", info.sample_rate);
    o.Set("channels", info.channels);
    o.Set("bitsPerSample", info.bits_per_sample);
    o.Set("format", info.format == 3 ? "float" : "pcm");
    o.Set("extensible", info.extensible != 0);
    return o;
  }

 private:
  std::vector<uint8_t> bytes_;
  mp_audio *audio_ = nullptr;
};

class ResampleJob : public Job {
 public:
  ResampleJob(Napi::Env env, Napi::Float32Array in, uint32_t inRate, uint32_t outRate)
      : Job(env), in_(in.Data(), in.Data() + in.ElementLength()), inRate_(inRate), outRate_(outRate) {}
  void Execute() override {
    guardedExecute([&] {
      out_.resize(mp_resample_length(in_.size(), inRate_, outRate_));
      size_t written = 0;
      record(mp_resample(in_.data(), in_.size(), inRate_, outRate_, out_.data(), out_.size(), &written));
      out_.resize(written);
    });
  }
  Napi::Value result(Napi::Env env) override { return copyToFloat32(env, out_.data(), out_.size()); }

 private:
  std::vector<float> in_;
  uint32_t inRate_, outRate_;
  std::vector<float> out_;
};

class FeaturesJob : public Job {
 public:
  FeaturesJob(Napi::Env env, Napi::Float32Array in) : Job(env), in_(in.Data(), in.Data() + in.ElementLength()) {}
  void Execute() override {
    guardedExecute([&] {
      mp_feature_spec spec{};
      mp_get_feature_spec(&spec);
      out_.resize(mp_feature_frame_count(in_.size()) * spec.bands);
      size_t frames = 0;
      record(mp_compute_features(in_.data(), in_.size(), out_.data(), out_.size(), &frames));
    });
  }
  Napi::Value result(Napi::Env env) override { return copyToFloat32(env, out_.data(), out_.size()); }

 private:
  std::vector<float> in_;
  std::vector<float> out_;
};

Napi::Value DecodeWav(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw makeError(env, "INVALID_ARGUMENT", "Expected Uint8Array or Buffer for bytes");
  }
  auto *job = new DecodeWavJob(env, info[0].As<Napi::Uint8Array>());
  Napi::Promise p = job->promise();
  job->Queue();
  return p;
}

Napi::Value Resample(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto in = expectFloat32(info, 0, "samples");
  const uint32_t inRate = expectRate(info, 1, "inRate");
  const uint32_t outRate = expectRate(info, 2, "outRate");
  auto *job = new ResampleJob(env, in, inRate, outRate);
  Napi::Promise p = job->promise();
  job->Queue();
  return p;
}

Napi::Value ComputeFeatures(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto *job = new FeaturesJob(env, expectFloat32(info, 0, "samples"));
  Napi::Promise p = job->promise();
  job->Queue();
  return p;
}

Napi::Value BuildInfo(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  mp_build_info b{};
  const mp_status s = mp_get_build_info(&b);
  if (s != MP_OK) throw statusError(env, s);
  mp_feature_spec spec{};
  mp_get_feature_spec(&spec);
  Napi::Object o = Napi::Object::New(env);
  o.Set("abiVersion", mp_abi_version());
  o.Set("version", mp_version_string());
  o.Set("cudaCompiled", b.cuda_compiled != 0);
  o.Set("cudaDevices", b.cuda_devices);
  o.Set("cudaReason", b.cuda_reason);
  o.Set("simd", b.simd);
  Napi::Object f = Napi::Object::New(env);
  f.Set("sampleRate", spec.sample_rate);
  f.Set("hop", spec.hop);
  f.Set("window", spec.window);
  f.Set("fftSize", spec.fft_size);
  f.Set("bands", spec.bands);
  f.Set("fminHz", spec.fmin_hz);
  f.Set("fmaxHz", spec.fmax_hz);
  f.Set("logFloor", spec.log_floor);
  o.Set("featureSpec", f);
  return o;
}

// A streaming session. push() and friends are synchronous because they are
// bounded by the chunk the caller hands over; pushAsync() moves a large chunk
// to the thread pool. While an async push runs, every other call fails with
// STATE instead of racing it (the C rule: one handle, one thread at a time).
class Session : public Napi::ObjectWrap<Session> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Session",
                       {InstanceMethod("push", &Session::Push),
                        InstanceMethod("pushAsync", &Session::PushAsync),
                        InstanceMethod("flush", &Session::Flush),
                        InstanceMethod("reset", &Session::Reset),
                        InstanceMethod("read", &Session::Read),
                        InstanceMethod("framesAvailable", &Session::FramesAvailable),
                        InstanceMethod("dispose", &Session::Dispose)});
  }

  explicit Session(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Session>(info) {
    Napi::Env env = info.Env();
    mp_session_params p = mp_session_default_params();
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!info[0].IsObject()) throw makeError(env, "INVALID_ARGUMENT", "Expected an options object");
      Napi::Object o = info[0].As<Napi::Object>();
      p.input_sample_rate = static_cast<uint32_t>(optionalInteger(env, o, "sampleRate", 8000, 192000, p.input_sample_rate));
      p.channels = static_cast<uint32_t>(optionalInteger(env, o, "channels", 1, 64, p.channels));
      p.max_buffered_frames = static_cast<uint64_t>(
          optionalInteger(env, o, "maxBufferedFrames", 1, 9007199254740991.0, static_cast<double>(p.max_buffered_frames)));
    }
    const mp_status s = mp_session_create(&p, &session_);
    if (s != MP_OK) throw statusError(env, s);
    channels_ = p.channels;
  }

  ~Session() override { mp_session_free(session_); }

  void finishAsync() {
    busy_ = false;
    if (disposeRequested_) {
      mp_session_free(session_);
      session_ = nullptr;
    }
  }
  mp_session *handle() { return session_; }
  uint32_t channels() const { return channels_; }

 private:
  mp_session *usable(Napi::Env env) {
    if (session_ == nullptr || disposeRequested_) throw makeError(env, "DISPOSED", "session was disposed");
    if (busy_) throw makeError(env, "STATE", "session is busy with an asynchronous push; await it first");
    return session_;
  }

  size_t frameCount(Napi::Env env, const Napi::Float32Array &a) const {
    if (a.ElementLength() % channels_ != 0) {
      throw makeError(env, "INVALID_ARGUMENT",
                      "Expected a sample count divisible by channels (" + std::to_string(channels_) +
                          ") but received " + std::to_string(a.ElementLength()));
    }
    return a.ElementLength() / channels_;
  }

  Napi::Value Push(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    mp_session *s = usable(env);
    auto a = expectFloat32(info, 0, "samples");
    const mp_status st = mp_session_push(s, a.Data(), frameCount(env, a));
    if (st != MP_OK) throw statusError(env, st);
    return env.Undefined();
  }

  Napi::Value PushAsync(const Napi::CallbackInfo &info);

  Napi::Value Flush(const Napi::CallbackInfo &info) {
    const mp_status st = mp_session_flush(usable(info.Env()));
    if (st != MP_OK) throw statusError(info.Env(), st);
    return info.Env().Undefined();
  }

  Napi::Value Reset(const Napi::CallbackInfo &info) {
    const mp_status st = mp_session_reset(usable(info.Env()));
    if (st != MP_OK) throw statusError(info.Env(), st);
    return info.Env().Undefined();
  }

  Napi::Value FramesAvailable(const Napi::CallbackInfo &info) {
    return Napi::Number::New(info.Env(), static_cast<double>(mp_session_frames_available(usable(info.Env()))));
  }

  // read(maxFrames) -> { features: Float32Array (count * bands), firstIndex, count }
  Napi::Value Read(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    mp_session *s = usable(env);
    size_t maxFrames = mp_session_frames_available(s);
    if (info.Length() > 0 && !info[0].IsUndefined()) maxFrames = std::min<size_t>(maxFrames, expectUint(info, 0, "maxFrames"));
    mp_feature_spec spec{};
    mp_get_feature_spec(&spec);
    Napi::Float32Array arr = Napi::Float32Array::New(env, maxFrames * spec.bands);
    size_t written = 0;
    uint64_t first = 0;
    const mp_status st = mp_session_read(s, arr.Data(), maxFrames, &written, &first);
    if (st != MP_OK) throw statusError(env, st);
    Napi::Object o = Napi::Object::New(env);
    o.Set("features", arr);
    o.Set("firstIndex", Napi::Number::New(env, static_cast<double>(first)));
    o.Set("count", Napi::Number::New(env, static_cast<double>(written)));
    return o;
  }

  Napi::Value Dispose(const Napi::CallbackInfo &info) {
    if (busy_) {
      disposeRequested_ = true;  // freed when the running push completes
    } else {
      mp_session_free(session_);
      session_ = nullptr;
    }
    return info.Env().Undefined();
  }

  friend class PushJob;
  mp_session *session_ = nullptr;
  uint32_t channels_ = 1;
  bool busy_ = false;
  bool disposeRequested_ = false;
};

class PushJob : public Job {
 public:
  PushJob(Napi::Env env, Session *owner, Napi::Object self, Napi::Float32Array in, size_t frames)
      : Job(env), owner_(owner), self_(Napi::Persistent(self)), in_(in.Data(), in.Data() + in.ElementLength()),
        frames_(frames), session_(owner->handle()) {}
  void Execute() override { guardedExecute([&] { record(mp_session_push(session_, in_.data(), frames_)); }); }
  Napi::Value result(Napi::Env env) override { return env.Undefined(); }
  void OnOK() override {
    owner_->finishAsync();
    Job::OnOK();
  }
  void OnError(const Napi::Error &e) override {
    owner_->finishAsync();
    Job::OnError(e);
  }

 private:
  Session *owner_;
  Napi::ObjectReference self_;  // keeps the Session alive until the push ends
  std::vector<float> in_;
  size_t frames_;
  mp_session *session_;
};

Napi::Value Session::PushAsync(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  usable(env);
  auto a = expectFloat32(info, 0, "samples");
  const size_t frames = frameCount(env, a);
  auto *job = new PushJob(env, this, info.This().As<Napi::Object>(), a, frames);
  busy_ = true;
  Napi::Promise p = job->promise();
  job->Queue();
  return p;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("decodeWav", Napi::Function::New(env, DecodeWav));
  exports.Set("resample", Napi::Function::New(env, Resample));
  exports.Set("computeFeatures", Napi::Function::New(env, ComputeFeatures));
  exports.Set("buildInfo", Napi::Function::New(env, BuildInfo));
  exports.Set("Session", Session::Init(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(mouthpiece, Init)
